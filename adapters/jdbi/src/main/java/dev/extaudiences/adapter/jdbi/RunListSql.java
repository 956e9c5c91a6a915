package dev.extaudiences.adapter.jdbi;

import dev.extaudiences.core.audience.AudienceId;
import dev.extaudiences.core.run.RunFilter;
import dev.extaudiences.core.run.RunQuery;
import dev.extaudiences.core.run.RunSort;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.tenant.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A runs query as SQL: each filter a predicate with its own bound parameter, the sort an ORDER BY with the run id as
 * tie-break. Values are always bound, never spliced into the text: the scope's three, then one per filter value, in
 * the order of {@link #parameters()}. LIKE escapes with '!', which reads the same on H2 and PostgreSQL.
 */
final class RunListSql {

    private final StringBuilder where = new StringBuilder("org_id = ? AND sandbox_name = ? AND audience_id = ?");
    private final List<Object> parameters = new ArrayList<>();
    private final String orderBy;

    RunListSql(TenantScope scope, AudienceId audienceId, RunQuery query) {
        parameters.add(scope.orgId());
        parameters.add(scope.sandboxName());
        parameters.add(audienceId.value());
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

    List<Object> parameters() {
        return parameters;
    }

    private void add(RunFilter filter) {
        if (filter instanceof RunFilter.OnName onName) {
            text("audience_name", onName.operator(), onName.value());
        } else if (filter instanceof RunFilter.OnStatus onStatus) {
            statusAmong(onStatus.anyOf());
        } else if (filter instanceof RunFilter.OnCreatedAt onCreatedAt) {
            String operator = switch (onCreatedAt.operator()) {
                case BEFORE -> "<";
                case AT_OR_BEFORE -> "<=";
                case AFTER -> ">";
                case AT_OR_AFTER -> ">=";
            };
            where.append(" AND created_at_ms ").append(operator).append(" ?");
            parameters.add(onCreatedAt.bound().toEpochMilli());
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
            names.add("?");
            parameters.add(StoredStatus.of(kind));
        }
        where.append(names);
    }

    private void text(String column, RunFilter.TextOperator operator, String value) {
        switch (operator) {
            case EQUALS -> {
                where.append(" AND ").append(column).append(" = ?");
                parameters.add(value);
            }
            case NOT_EQUALS -> {
                where.append(" AND ").append(column).append(" <> ?");
                parameters.add(value);
            }
            case CONTAINS -> {
                where.append(" AND ").append(column).append(" LIKE ? ESCAPE '!'");
                parameters.add("%" + escapeLike(value) + "%");
            }
            case NOT_CONTAINS -> {
                where.append(" AND ").append(column).append(" NOT LIKE ? ESCAPE '!'");
                parameters.add("%" + escapeLike(value) + "%");
            }
        }
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
