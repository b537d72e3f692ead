package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** NativeStripePad's claim: every data field lies at least a cache line after the owner. */
class NativeStripeLayoutTest {
  @Test
  @SuppressWarnings({"deprecation", "removal"})
  void dataFieldsLieACacheLineAfterTheOwner() throws Exception {
    Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
    long owner = unsafe.objectFieldOffset(NativeStripeHead.class.getDeclaredField("owner"));
    for (Field f : NativeStripe.class.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        assertThat(unsafe.objectFieldOffset(f)).as(f.getName()).isGreaterThanOrEqualTo(owner + 64);
      }
    }
  }
}
