package dev.extaudiences.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The members of an audience as this project's members extension lists them ({@code GET
 * /external-audience/{id}/members}: {@code members} of {@code {namespace, value, attributes, lastIngestedAt}}, paged
 * with {@code limit} and {@code start}). An implementation without the extension answers the list with anything but
 * 200 and a {@code members} array, and the rules that need it are skipped.
 */
public record ListedMembers(List<JsonNode> members, String shown) {

    private static final int PAGE = 100;
    /** More pages than any audience of the kit fills: a list that never ends is not read for ever. */
    private static final int MOST_PAGES = 100;

    /** The whole list, page by page; empty when the implementation has no members extension. */
    public static Optional<ListedMembers> of(ApiClient api, String audienceId) {
        List<JsonNode> members = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        int start = 0;
        for (int pageNumber = 0; pageNumber < MOST_PAGES; pageNumber++) {
            ApiClient.Reply page = api.call("GET", Calls.audiencePath(audienceId) + "/members?limit=" + PAGE
                    + "&start=" + start, null);
            if (page.status() != 200 || !page.json().path("members").isArray()) {
                return Optional.empty();
            }
            pages.add(page.toString());
            page.json().path("members").forEach(members::add);
            int count = page.json().path("members").size();
            long total = page.json().path("_page").path("totalCount").asLong(-1);
            // a page may hold fewer than asked (an implementation's own cap): the next one starts after it
            start += count;
            boolean whole = total >= 0 ? members.size() >= total : count < PAGE;
            if (count == 0 || whole) {
                break;
            }
        }
        return Optional.of(new ListedMembers(List.copyOf(members), String.join("\n", pages)));
    }

    /** The list, or the rule is skipped: the implementation has no members extension. */
    public static ListedMembers required(ApiClient api, String audienceId) {
        return of(api, audienceId).orElseThrow(() -> Needs.missing(Needs.MEMBERS_EXTENSION));
    }

    /** The identity values listed, each as often as it is listed, sorted. */
    public List<String> values() {
        return members.stream().map(member -> member.path("value").asText()).sorted().toList();
    }

    /** Each identity value with its attributes (the last listed when a value is listed twice). */
    public Map<String, JsonNode> attributesByValue() {
        Map<String, JsonNode> byValue = new TreeMap<>();
        members.forEach(member -> byValue.put(member.path("value").asText(), member.path("attributes")));
        return byValue;
    }

    /** Each identity value with its {@code lastIngestedAt}, in epoch seconds. */
    public Map<String, Long> lastIngestedAt() {
        Map<String, Long> byValue = new LinkedHashMap<>();
        members.forEach(member -> byValue.put(member.path("value").asText(), member.path("lastIngestedAt").asLong()));
        return byValue;
    }

    @Override
    public String toString() {
        return shown;
    }
}
