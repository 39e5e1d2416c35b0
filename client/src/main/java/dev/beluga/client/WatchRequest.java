package dev.beluga.client;

/**
 * What a watch selects and where it starts.
 *
 * @param resourceVersion "" or "0": current state first as ADDED events; otherwise every change after it
 * @param bookmarks       ask for BOOKMARK events (allowWatchBookmarks)
 */
public record WatchRequest(String labelSelector, String fieldSelector, String resourceVersion, boolean bookmarks) {
    public static WatchRequest from(String resourceVersion) {
        return new WatchRequest("", "", resourceVersion, true);
    }

    public WatchRequest withLabels(String selector) {
        return new WatchRequest(selector, fieldSelector, resourceVersion, bookmarks);
    }

    public WatchRequest withFields(String selector) {
        return new WatchRequest(labelSelector, selector, resourceVersion, bookmarks);
    }
}
