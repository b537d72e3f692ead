package io.promsdk.core.model;

/** An info series as a writer reads it: labels only, its value is always 1. */
public interface InfoDataPointView extends DataPointView {}
