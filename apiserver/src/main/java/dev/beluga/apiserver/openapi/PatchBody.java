package dev.beluga.apiserver.openapi;

/**
 * Stands for the body of a PATCH in operation descriptions: its shape depends on the patch type
 * (JSON patch, merge patch, strategic merge patch, apply), so upstream declares it as an untyped
 * object named {@code io.k8s.apimachinery.pkg.apis.meta.v1.Patch}.
 */
final class PatchBody {
    private PatchBody() {}
}
