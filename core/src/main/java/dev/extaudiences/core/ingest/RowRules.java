package dev.extaudiences.core.ingest;

import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the rows of one file become members, given its header: columns are matched to fields by name (extra columns
 * are ignored), every value is checked against its field's type, an empty attribute is a null, and an empty identity
 * or an invalid value rejects the whole row: a rejected row is never written, not even in part.
 */
public final class RowRules {

    private final Fields fields;
    private final int[] columnOf;
    private final int width;

    private RowRules(Fields fields, int[] columnOf, int width) {
        this.fields = fields;
        this.columnOf = columnOf;
        this.width = width;
    }

    /** The rules for a file with this header, or the first declared field it has no column for. */
    public static Result forHeader(Fields fields, List<String> header) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            positions.putIfAbsent(header.get(i) == null ? "" : header.get(i).trim(), i);
        }
        int[] columnOf = new int[fields.values().size()];
        for (int i = 0; i < columnOf.length; i++) {
            FieldName name = fields.values().get(i).name();
            Integer position = positions.get(name.value());
            if (position == null) {
                return new Result.MissingColumn(name);
            }
            columnOf[i] = position;
        }
        return new Result.Ready(new RowRules(fields, columnOf, header.size()));
    }

    /** Either rules to apply, or a declared field the header has no column for. */
    public sealed interface Result {
        record Ready(RowRules rules) implements Result {
        }

        record MissingColumn(FieldName field) implements Result {
        }
    }

    public RowOutcome apply(SourceRecord record) {
        List<String> values = record.values();
        if (values.size() != width) {
            return new RowOutcome.Rejected(RowPart.WHOLE_ROW, "the row has " + values.size()
                    + " values where the header has " + width + " columns");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Identity> identities = new ArrayList<>();
        List<Field> declared = fields.values();
        for (int i = 0; i < declared.size(); i++) {
            Field field = declared.get(i);
            String raw = values.get(columnOf[i]);
            if (raw == null || raw.isBlank()) {
                if (field.isIdentity()) {
                    return rejected(field, "the identity value is empty");
                }
                continue;
            }
            FieldType.ValueCheck check = field.type().check(raw);
            if (check instanceof FieldType.ValueCheck.Invalid invalid) {
                return rejected(field, invalid.reason());
            }
            String value = ((FieldType.ValueCheck.Valid) check).value();
            Optional<Identity> identity = field.identityNs().map(ns -> new Identity(ns, value.trim()));
            if (identity.isPresent()) {
                if (value.trim().length() > Identity.MAX_VALUE_LENGTH) {
                    return rejected(field, "the identity value is longer than "
                            + Identity.MAX_VALUE_LENGTH + " characters");
                }
                identities.add(identity.get());
            } else {
                attributes.put(field.name().value(), value);
            }
        }
        List<StagedMember> members = new ArrayList<>(identities.size());
        identities.forEach(identity -> members.add(new StagedMember(identity, attributes)));
        return new RowOutcome.Accepted(members);
    }

    private static RowOutcome rejected(Field field, String reason) {
        return new RowOutcome.Rejected(RowPart.column(field.name()), reason);
    }
}
