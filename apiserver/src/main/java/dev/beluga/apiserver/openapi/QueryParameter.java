package dev.beluga.apiserver.openapi;

import java.util.List;

/**
 * A query parameter of an operation.
 *
 * @param name e.g. fieldValidation
 * @param type OpenAPI primitive type: string, boolean or integer
 */
record QueryParameter(String name, String type) {
    private static QueryParameter string(String name) { return new QueryParameter(name, "string"); }
    private static QueryParameter bool(String name) { return new QueryParameter(name, "boolean"); }
    private static QueryParameter integer(String name) { return new QueryParameter(name, "integer"); }

    static final QueryParameter PRETTY = string("pretty");

    static final List<QueryParameter> LIST = List.of(bool("allowWatchBookmarks"), string("continue"), string("fieldSelector"),
            string("labelSelector"), integer("limit"), string("resourceVersion"), string("resourceVersionMatch"),
            bool("sendInitialEvents"), integer("timeoutSeconds"), bool("watch"));
    /** kubectl looks for dryRun and fieldValidation here to decide whether the server validates fields. */
    static final List<QueryParameter> WRITE = List.of(string("dryRun"), string("fieldManager"), string("fieldValidation"));
    static final List<QueryParameter> PATCH = List.of(string("dryRun"), string("fieldManager"), string("fieldValidation"), bool("force"));
    static final List<QueryParameter> DELETE = List.of(string("dryRun"), integer("gracePeriodSeconds"),
            bool("ignoreStoreReadErrorWithClusterBreakingPotential"), bool("orphanDependents"), string("propagationPolicy"));
    static final List<QueryParameter> DELETE_COLLECTION = List.of(string("continue"), string("dryRun"), string("fieldSelector"),
            integer("gracePeriodSeconds"), bool("ignoreStoreReadErrorWithClusterBreakingPotential"), string("labelSelector"),
            integer("limit"), bool("orphanDependents"), string("propagationPolicy"), string("resourceVersion"),
            string("resourceVersionMatch"), bool("sendInitialEvents"), integer("timeoutSeconds"));
}
