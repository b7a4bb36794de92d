package dev.cairn.functions.router;

/** The variant a unit was assigned to, and the bucket (0..9999) its id hashed to. */
public record Assignment(String variant, int bucket) {}
