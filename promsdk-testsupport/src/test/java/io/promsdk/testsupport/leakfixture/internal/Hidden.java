package io.promsdk.testsupport.leakfixture.internal;

/** A type of an internal package, for {@code InternalTypeLeaksTest}. */
public interface Hidden {}
