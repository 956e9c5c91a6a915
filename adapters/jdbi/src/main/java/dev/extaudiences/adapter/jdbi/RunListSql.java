package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.run.RunFilter;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunSort;
import dev.extaudiences.core.run.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A runs query as SQL: each filter a predicate with its own bound parameter, the sort an ORDER BY with the run id as
 * tie-break. Values are always bound, never spliced into the text. LIKE escapes with '!', not a backslash: JDBI's
 * statement parser reads a backslash inside a literal as an escape and would swallow the next parameter.
 */
final class RunListSql {

    private final StringBuilder where = new StringBuilder(
            "org_id = :org AND sandbox_name = :sandbox AND audience_id = :audienceId");
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final String orderBy;

    RunListSql(RunQuery query) {
        for (RunFilter filter : query.filters()) {
            add(filter);
        }
        RunSort sort = query.sort();
        String column = sort.key() == RunSort.Key.NAME ? "audience_name" : "created_at_ms";
        String direction = sort.direction() == RunSort.Direction.ASCENDING ? "ASC" : "DESC";
        orderBy = column + " " + direction + ", run_id " + direction;
    }

    String where() {
        return where.toString();
    }

    String orderBy() {
        return orderBy;
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    private void add(RunFilter filter) {
        String name = "p" + parameters.size();
        if (filter instanceof RunFilter.OnName onName) {
            text("audience_name", onName.operator(), onName.value(), name);
        } else if (filter instanceof RunFilter.OnStatus onStatus) {
            statusAmong(onStatus.anyOf());
        } else if (filter instanceof RunFilter.OnCreatedAt onCreatedAt) {
            String operator = switch (onCreatedAt.operator()) {
                case BEFORE -> "<";
                case AT_OR_BEFORE -> "<=";
                case AFTER -> ">";
                case AT_OR_AFTER -> ">=";
            };
            where.append(" AND created_at_ms ").append(operator).append(" :").append(name);
            parameters.put(name, onCreatedAt.bound().toEpochMilli());
        } else {
            throw new IllegalArgumentException("unknown run filter " + filter);
        }
    }

    private void statusAmong(Set<RunStatus.Kind> kinds) {
        if (kinds.isEmpty()) {
            where.append(" AND 1 = 0");
            return;
        }
        StringJoiner names = new StringJoiner(", ", " AND status IN (", ")");
        for (RunStatus.Kind kind : kinds) {
            String name = "p" + parameters.size();
            names.add(":" + name);
            parameters.put(name, StoredStatus.of(kind));
        }
        where.append(names);
    }

    private void text(String column, RunFilter.TextOperator operator, String value, String name) {
        switch (operator) {
            case EQUALS -> {
                where.append(" AND ").append(column).append(" = :").append(name);
                parameters.put(name, value);
            }
            case NOT_EQUALS -> {
                where.append(" AND ").append(column).append(" <> :").append(name);
                parameters.put(name, value);
            }
            case CONTAINS -> {
                where.append(" AND ").append(column).append(" LIKE :").append(name).append(" ESCAPE '!'");
                parameters.put(name, "%" + escapeLike(value) + "%");
            }
            case NOT_CONTAINS -> {
                where.append(" AND ").append(column).append(" NOT LIKE :").append(name).append(" ESCAPE '!'");
                parameters.put(name, "%" + escapeLike(value) + "%");
            }
        }
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
