/**
 * Not for flow code: what Cairn's own modules read a flow class with (the validated {@code FlowGraph}, the
 * artifact and parameter fields). A flow uses {@code dev.cairn.flow} only; these types may change between
 * releases without notice.
 */
package dev.cairn.flow.internal;
