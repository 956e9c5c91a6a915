package dev.extaudiences.core.ingest;

import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.identity.AudienceIdentities;
import dev.extaudiences.core.identity.Normalisation;
import dev.extaudiences.core.member.Identity;
import dev.extaudiences.core.member.SortedAttributes;
import dev.extaudiences.core.member.StagedMember;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.source.SourceRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the rows of one file become members, given its header: columns are matched to fields by name (extra columns
 * are ignored), every value is checked against its field's type, an empty attribute is a null, and an empty identity
 * or an invalid value rejects the whole row: a rejected row is never written, not even in part.
 */
public final class RowRules {

    /**
     * Why a value holding U+0000 is refused: PostgreSQL's text cannot keep it (the whole merge failed on it), and a
     * row one store keeps and another refuses would make the stores disagree, so it is refused on every store.
     */
    public static final String NUL_REASON = "the value holds a NUL character (U+0000), which no store keeps";

    private final Fields fields;
    private final int[] columnOf;
    private final int width;
    private final AudienceIdentities identities;
    // the attribute fields' names sorted once; by declared field, where its value goes in a row's (-1: an identity)
    private final SortedAttributes.Layout layout;
    private final int[] attributeAt;

    private RowRules(Fields fields, int[] columnOf, int width, AudienceIdentities identities) {
        this.fields = fields;
        this.columnOf = columnOf;
        this.width = width;
        this.identities = identities;
        List<Field> declared = fields.values();
        this.layout = new SortedAttributes.Layout(declared.stream().filter(field -> !field.isIdentity())
                .map(field -> field.name().value()).toList());
        this.attributeAt = new int[declared.size()];
        for (int i = 0; i < attributeAt.length; i++) {
            Field field = declared.get(i);
            attributeAt[i] = field.isIdentity() ? -1 : layout.positionOf(field.name().value());
        }
    }

    /** The rules for a file with this header, identities only trimmed; or the first field it has no column for. */
    public static Result forHeader(Fields fields, List<String> header) {
        return forHeader(fields, header, AudienceIdentities.TRIM_ONLY);
    }

    /**
     * The rules for a file with this header, each identity normalised by its namespace's rule and kept at rest as
     * {@code identities} say; or the first declared field the header has no column for.
     */
    public static Result forHeader(Fields fields, List<String> header, AudienceIdentities identities) {
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
        return new Result.Ready(new RowRules(fields, columnOf, header.size(), identities));
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
        String[] attributes = new String[layout.size()];
        List<Identity> identities = new ArrayList<>();
        List<Optional<String>> spellings = null; // by identity, made only for a row that has a respelled one
        List<Field> declared = fields.values();
        int normalised = 0;
        for (int i = 0; i < declared.size(); i++) {
            Field field = declared.get(i);
            String raw = values.get(columnOf[i]);
            if (raw == null || raw.isBlank()) {
                if (field.isIdentity()) {
                    return rejected(field, "the identity value is empty");
                }
                continue;
            }
            if (raw.indexOf('\u0000') >= 0) {
                return rejected(field, NUL_REASON);
            }
            FieldType.ValueCheck check = field.type().check(raw);
            if (check instanceof FieldType.ValueCheck.Invalid invalid) {
                return rejected(field, invalid.reason());
            }
            String value = ((FieldType.ValueCheck.Valid) check).value();
            Optional<IdentityNamespace> namespace = field.identityNs();
            if (namespace.isPresent()) {
                Normalisation read = this.identities.normalise(namespace.get(), value);
                if (read instanceof Normalisation.Rejected refused) {
                    return new RowOutcome.Rejected(RowPart.column(field.name()), "the identity value "
                            + refused.reason().explanation(), RowOutcome.RejectedBy.NAMESPACE_RULE);
                }
                String matched = ((Normalisation.Normalised) read).value();
                if (matched.isEmpty()) {
                    return rejected(field, "the identity value is empty");
                }
                if (matched.length() > Identity.MAX_VALUE_LENGTH) {
                    return rejected(field, "the identity value is longer than "
                            + Identity.MAX_VALUE_LENGTH + " characters");
                }
                // a value written as it is matched is not normalised, even if its cell had white space around it
                String written = value.strip();
                if (!matched.equals(written)) {
                    normalised++;
                    if (spellings == null) {
                        spellings = new ArrayList<>(Collections.nCopies(identities.size(), Optional.empty()));
                    }
                    // kept at rest as the identity is, so that a hashed audience stages no raw identity either
                    spellings.add(Optional.of(this.identities.atRest(namespace.get(), written)));
                } else if (spellings != null) {
                    spellings.add(Optional.empty());
                }
                identities.add(new Identity(namespace.get(), this.identities.atRest(namespace.get(), matched)));
            } else {
                attributes[attributeAt[i]] = value;
            }
        }
        SortedAttributes row = layout.row(attributes);
        if (identities.size() == 1) {
            // the common row: one list, which the outcome keeps as it is
            return new RowOutcome.Accepted(List.of(new StagedMember(identities.get(0), row,
                    spellings == null ? Optional.empty() : spellings.get(0))), normalised);
        }
        List<StagedMember> members = new ArrayList<>(identities.size());
        for (int i = 0; i < identities.size(); i++) {
            members.add(new StagedMember(identities.get(i), row,
                    spellings == null ? Optional.empty() : spellings.get(i)));
        }
        return new RowOutcome.Accepted(members, normalised);
    }

    private static RowOutcome rejected(Field field, String reason) {
        return new RowOutcome.Rejected(RowPart.column(field.name()), reason);
    }
}
