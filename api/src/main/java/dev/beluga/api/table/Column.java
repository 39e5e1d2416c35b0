package dev.beluga.api.table;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One column definition of a meta.k8s.io/v1 Table. Priority 0 columns always show; priority 1 only
 * with {@code kubectl get -o wide}.
 */
public record Column(String name, String type, String format, String description, int priority) {

    static final String NAME_DOC = "Name must be unique within a namespace. Is required when creating resources, although some resources may "
            + "allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation "
            + "idempotence and configuration definition. Cannot be updated. More info: "
            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATION_DOC = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
            + "guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented "
            + "in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    static Column nameColumn() {
        return new Column("Name", "string", "name", NAME_DOC, 0);
    }

    static Column ageColumn() {
        return new Column("Age", "string", "", CREATION_DOC, 0);
    }

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column wide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }

    /** All five members are always written, as upstream's type has no omitempty on them. */
    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", name);
        n.put("type", type);
        n.put("format", format);
        n.put("description", description);
        n.put("priority", priority);
        return n;
    }
}
