package io.promsdk.spring.boot;

import io.promsdk.core.config.PromsdkConfig;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds the whole-map form of {@code promsdk.push.headers} and {@code promsdk.push.grouping-key}
 * ({@code X-BK-TOKEN=abc,X-Other=b}), which promsdk-core's runtime configuration documents for
 * {@code PROMSDK_PUSH_HEADERS} and {@code -Dpromsdk.push.headers}: Spring sees the same variable
 * and, without a converter, fails the application's startup on a String for a Map.
 */
final class PairsConverter implements Converter<String, Map<String, String>> {
  @Override
  public Map<String, String> convert(String source) {
    return PromsdkConfig.parsePairs("promsdk.push", source);
  }
}
