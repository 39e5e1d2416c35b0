package dev.beluga.api.admission;

import dev.beluga.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Upstream's ValidateContainerResourceRequirements: names, quantity syntax and sign, requests within limits. */
final class ResourceRequirementsValidation {
    private static final List<String> STANDARD_CONTAINER_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");

    private ResourceRequirementsValidation() {}

    static void validate(ResourceRequirements r, String path, List<FieldError> errs) {
        if (r == null) return;
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        String limPath = path + ".limits";
        String reqPath = path + ".requests";
        boolean limitsCpuOrMemory = false;
        boolean limitsHugePages = false;
        for (Map.Entry<String, Quantity> e : limits.entrySet()) {
            String fld = limPath + "[" + e.getKey() + "]";
            resourceName(e.getKey(), fld, errs);
            quantity(e.getKey(), e.getValue(), fld, errs);
            limitsCpuOrMemory |= e.getKey().equals("cpu") || e.getKey().equals("memory");
            limitsHugePages |= e.getKey().startsWith("hugepages-");
        }
        boolean requestsCpuOrMemory = false;
        boolean requestsHugePages = false;
        for (Map.Entry<String, Quantity> e : requests.entrySet()) {
            String name = e.getKey();
            String fld = reqPath + "[" + name + "]";
            resourceName(name, fld, errs);
            quantity(name, e.getValue(), fld, errs);
            String requestText = QuantityValidation.text(e.getValue());
            Optional<BigDecimal> request = QuantityValidation.value(requestText);
            Quantity limitQuantity = limits.get(name);
            if (limitQuantity != null) {
                String limitText = QuantityValidation.text(limitQuantity);
                Optional<BigDecimal> limit = QuantityValidation.value(limitText);
                if (request.isPresent() && limit.isPresent()) {
                    int cmp = request.get().compareTo(limit.get());
                    if (cmp != 0 && !overcommitAllowed(name)) {
                        errs.add(FieldError.invalid(reqPath, requestText, "must be equal to " + name + " limit of " + limitText));
                    } else if (cmp > 0) {
                        errs.add(FieldError.invalid(reqPath, requestText, "must be less than or equal to " + name + " limit of " + limitText));
                    }
                }
            } else if (!overcommitAllowed(name)) {
                errs.add(FieldError.required(limPath, "Limit must be set for non overcommitable resources"));
            }
            requestsCpuOrMemory |= name.equals("cpu") || name.equals("memory");
            requestsHugePages |= name.startsWith("hugepages-");
        }
        if (!limitsCpuOrMemory && !requestsCpuOrMemory && (limitsHugePages || requestsHugePages)) {
            errs.add(FieldError.forbidden(path, "HugePages require cpu or memory"));
        }
    }

    static void quantity(String resource, Quantity q, String path, List<FieldError> errs) {
        String text = QuantityValidation.text(q);
        String problem = QuantityValidation.problem(text);
        if (!problem.isEmpty()) {
            errs.add(FieldError.invalid(path, text, problem));
            return;
        }
        BigDecimal value = QuantityValidation.value(text).orElse(BigDecimal.ZERO);
        if (value.signum() < 0) {
            errs.add(FieldError.invalid(path, text, "must be greater than or equal to 0"));
        }
        if (isExtended(resource) && value.stripTrailingZeros().scale() > 0) {
            errs.add(FieldError.invalid(path, text, "must be an integer"));
        }
    }

    private static void resourceName(String name, String path, List<FieldError> errs) {
        for (String msg : NameValidation.qualifiedName(name)) errs.add(FieldError.invalid(path, name, msg));
        if (!name.contains("/")) {
            if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
                errs.add(FieldError.invalid(path, name, "must be a standard resource for containers"));
            }
        } else if (!isNative(name)) {
            for (String msg : NameValidation.qualifiedName("requests." + name)) {
                errs.add(FieldError.invalid(path, name, "doesn't follow extended resource name standard"));
                break;
            }
        }
    }

    private static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    private static boolean isExtended(String name) {
        return !isNative(name) && !name.startsWith("requests.");
    }

    /** Native resources other than hugepages may be requested below their limit. */
    private static boolean overcommitAllowed(String name) {
        return isNative(name) && !name.startsWith("hugepages-");
    }
}
