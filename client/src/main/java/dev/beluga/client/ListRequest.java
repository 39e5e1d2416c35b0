package dev.beluga.client;

/**
 * What a list selects.
 *
 * @param labelSelector   label selector in its text form, "" = everything
 * @param fieldSelector   field selector in its text form, "" = everything
 * @param limit           page size, 0 = everything
 * @param continueToken   the previous page's token, "" for the first page
 * @param resourceVersion "" = most recent (consistent read), "0" = any
 */
public record ListRequest(String labelSelector, String fieldSelector, int limit, String continueToken, String resourceVersion) {
    public static final ListRequest ALL = new ListRequest("", "", 0, "", "");

    public static ListRequest labels(String selector) {
        return new ListRequest(selector, "", 0, "", "");
    }

    public static ListRequest fields(String selector) {
        return new ListRequest("", selector, 0, "", "");
    }

    public ListRequest page(int limit, String continueToken) {
        return new ListRequest(labelSelector, fieldSelector, limit, continueToken, resourceVersion);
    }
}
