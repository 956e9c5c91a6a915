package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.paging.PageRequest;
import dev.extaudiences.core.run.RunQuery;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query string's grammar: each parameter given at most once, numbers written as whole numbers. Whether a number
 * is in range is the domain's to judge ({@link PageRequest#listed}, {@link RunQuery#of}); a runs list's
 * {@code sortBy} and {@code property} are read by {@link RunListGrammar}.
 */
final class QueryParams {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,19}");

    private final Context ctx;

    private QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    static QueryParams of(Context ctx) {
        return new QueryParams(ctx);
    }

    /** A page of audiences or members. */
    PageRequest pageRequest() {
        Long limit = number("limit");
        return PageRequest.listed(number("start"), limit);
    }

    RunQuery runQuery() {
        Long limit = number("limit");
        Long start = number("start");
        return RunQuery.of(limit, start, RunListGrammar.sort(single("sortBy")),
                ctx.queryParams("property").stream().map(RunListGrammar::filter).toList());
    }

    /** Where an upload goes, when the caller names it. */
    Optional<String> uploadPath() {
        return text("path");
    }

    /** A text parameter given at most once, if given. */
    Optional<String> text(String name) {
        return Optional.ofNullable(single(name));
    }

    /** A parameter that may be given once: two values are a mistake to name, not a choice to make silently. */
    private String single(String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw ApiError.invalid(name, "may be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    Long number(String name) {
        String raw = single(name);
        if (raw == null) {
            return null;
        }
        String trimmed = raw.trim();
        if (!WHOLE_NUMBER.matcher(trimmed).matches()) {
            throw ApiError.invalid(name, "'" + raw + "' is not a whole number");
        }
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException tooLong) {
            throw ApiError.invalid(name, "'" + raw + "' is too large");
        }
    }
}
