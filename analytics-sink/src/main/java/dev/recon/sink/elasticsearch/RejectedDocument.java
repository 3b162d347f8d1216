package dev.recon.sink.elasticsearch;

/**
 * A document Elasticsearch refused for a reason that retrying cannot fix (a mapping error, a
 * too-large document), handed to the dead-letter path with the reason.
 *
 * @param index    the index it was meant for
 * @param id       its {@code _id} (the recon_id)
 * @param version  its external version
 * @param action   {@code index} or {@code delete}
 * @param status   the HTTP status of the item
 * @param reason   Elasticsearch's error type and reason
 * @param document the JSON source sent (empty for a delete)
 */
public record RejectedDocument(String index, String id, long version, String action, int status, String reason,
                               String document) {
}
