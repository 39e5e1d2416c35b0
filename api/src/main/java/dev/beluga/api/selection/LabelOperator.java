package dev.beluga.api.selection;

/** A label requirement's operator, with the text upstream's Requirement.String() writes for it. */
public enum LabelOperator {
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    IN(" in "),
    NOT_IN(" notin "),
    EXISTS(""),
    DOES_NOT_EXIST(""),
    GREATER_THAN(">"),
    LESS_THAN("<");

    final String rendered;

    LabelOperator(String rendered) {
        this.rendered = rendered;
    }
}
