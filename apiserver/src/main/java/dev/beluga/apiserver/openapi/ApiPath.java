package dev.beluga.apiserver.openapi;

import java.util.List;

/**
 * One URL template and its operations.
 *
 * @param path           e.g. /api/v1/namespaces/{namespace}/pods/{name}
 * @param tag            upstream's operation tag, e.g. core_v1
 * @param pathParameters names of the template's path parameters, e.g. name, namespace
 * @param operations     the operations, one per method
 */
record ApiPath(String path, String tag, List<String> pathParameters, List<ApiOperation> operations) {}
