package dev.beluga.scheduler.framework;

/** A preferred node affinity term and what matching it is worth. */
public record WeightedNodeSelectorTerm(int weight, NodeSelectorTerm term) {}
