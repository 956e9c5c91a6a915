package dev.extaudiences.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.extaudiences.core.audience.Audience;
import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.run.IllegalRunTransition;
import dev.extaudiences.core.run.IngestionRun;
import dev.extaudiences.core.run.RejectedRow;
import dev.extaudiences.core.run.RowPart;
import dev.extaudiences.core.run.RunEffect;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.run.RunFailure;
import dev.extaudiences.core.run.RunId;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.run.RunStatus;
import dev.extaudiences.core.tenant.Stamp;
import dev.extaudiences.core.tenant.TenantScope;
import dev.extaudiences.core.tenant.UserId;
import dev.extaudiences.testkit.Property;
import dev.extaudiences.testkit.gen.Generators;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A stored run reads back as the run that was stored, whatever its state, its counts and the text of its rejections,
 * and fields a later version adds to the body do not stop an earlier one reading it. The stores' rule RUN-01 makes
 * one run's round trip through each store; this draws runs in every state they can reach.
 */
class RunCodecTest {

    private static final TenantScope SCOPE = TenantScope.of("1234@AdobeOrg", "prod");
    /** Quotes, backslashes, line ends, control characters, braces, characters outside ASCII and outside the BMP. */
    private static final Gen<String> AWKWARD = Generate.pick(List.of("a", "\"", "\\", "\n", "\t", "\u0001", "{",
            "}", "[", ",", ":", "é", "\u2028", "\uD83D\uDE00", " ", "null", "0")).zip(
            Generate.pick(List.of("", "x", "\\u0041", "\"\"")), String::concat);
    private static final Gen<String> TEXT = lists().of(AWKWARD).ofSizeBetween(1, 6)
            .map(parts -> String.join("", parts));

    @Test
    void aRunReadsBackAsItWasStoredInEveryStateItCanReach() {
        Property.forAll(500, runs(), run -> {
            String stored = RunCodec.encode(run);

            assertThat(RunCodec.decode(SCOPE, run.id().value(), run.audienceId().value(), stored)).isEqualTo(run);
        });
    }

    @Test
    void fieldsALaterVersionMightStoreAreSkippedAtEveryLevelOfTheBody() {
        Property.forAll(500, runs().zip(integers().between(0, 15), (run, more) -> {
            ObjectNode body = (ObjectNode) Json.read(RunCodec.encode(run));
            // what a later version might add: a value, an object and an array at each level
            if ((more & 1) != 0) {
                body.putObject("later").put("n", 1).putArray("deep").addObject().put("x", "}");
            }
            if ((more & 2) != 0) {
                ((ObjectNode) body.get("counts")).put("rowsLater", 7);
            }
            if ((more & 4) != 0) {
                ((ObjectNode) body.get("stages").get(0)).putArray("attempts").add(1).add("two");
            }
            if ((more & 8) != 0 && !body.get("rejections").isEmpty()) {
                ((ObjectNode) body.get("rejections").get(0)).putNull("hint");
            }
            return new Stored(run, Json.write(body));
        }), stored -> assertThat(RunCodec.decode(SCOPE, stored.run().id().value(),
                stored.run().audienceId().value(), stored.body())).isEqualTo(stored.run()));
    }

    @Test
    void anEndedRunIsDecodedOnceAndARunInProgressEveryTimeItIsRead() {
        Property.forAll(500, runs(), run -> {
            EndedRuns ended = new EndedRuns();
            String status = StoredStatus.of(run.status().kind());
            String id = run.id().value();
            String audience = run.audienceId().value();
            IngestionRun first = ended.decode(SCOPE, id, audience, status, RunCodec.encode(run));
            IngestionRun again = ended.decode(SCOPE, id, audience, status, RunCodec.encode(run));

            assertThat(first).isEqualTo(run);
            assertThat(again).isEqualTo(run);
            if (run.status().kind() == RunStatus.Kind.PROCESSING) {
                assertThat(again).isNotSameAs(first);
            } else {
                assertThat(again).isSameAs(first);
            }
        });
    }

    @Test
    void whatIsKeptOfAnEndedRunIsNeverAnsweredForAnotherRunOrATenantOrAnAudienceItIsNotOf() {
        Property.forAll(200, runs().zip(runs(), (one, other) -> List.of(one, other)), pair -> {
            IngestionRun one = pair.get(0);
            IngestionRun other = pair.get(1);
            EndedRuns ended = new EndedRuns();
            ended.decode(SCOPE, one.id().value(), one.audienceId().value(), "SUCCESS", RunCodec.encode(one));
            // the same run id, read as another audience's or another tenant's row: decoded from its own body
            assertThat(ended.decode(SCOPE, one.id().value(), "another-audience", "SUCCESS", RunCodec.encode(other)))
                    .isEqualTo(RunCodec.decode(SCOPE, one.id().value(), "another-audience", RunCodec.encode(other)));
            TenantScope elsewhere = TenantScope.of("5678@AdobeOrg", "prod");
            assertThat(ended.decode(elsewhere, one.id().value(), one.audienceId().value(), "SUCCESS",
                    RunCodec.encode(other))).isEqualTo(RunCodec.decode(elsewhere, one.id().value(),
                    one.audienceId().value(), RunCodec.encode(other)));
        });
    }

    /** A run and the body it is stored as. */
    private record Stored(IngestionRun run, String body) {
    }

    /** A run started from any request, moved by any sequence of events it accepts, with any rejected rows. */
    static Gen<IngestionRun> runs() {
        Gen<RejectedRow> rejection = TEXT.zip(longs().between(1, Long.MAX_VALUE),
                TEXT.toOptionals(50), TEXT, (file, line, column, reason) -> new RejectedRow(file, line,
                        column.map(name -> RowPart.column(new FieldName("f" + name.hashCode()))).orElse(RowPart.WHOLE_ROW),
                        reason));
        Gen<RunEvent> event = Generate.oneOf(Generators.runEvents(), Generators.runCounts().zip(
                lists().of(rejection).ofSizeBetween(0, 5), RunEvent.Progressed::new),
                TEXT.map(reason -> new RunEvent.Abandoned(new RunFailure(RunFailure.Cause.INTERRUPTED, reason))));
        Gen<RunRequest> request = Generators.runRequests().zip(Generate.enumValues(RunEffect.class),
                (asked, effect) -> new RunRequest(asked.window(), asked.mode(), effect));
        return Generators.audiences(SCOPE).zip(request, TEXT, lists().of(event).ofSizeBetween(0, 8),
                (audience, asked, name, events) -> moved(audience, asked, name, events));
    }

    private static IngestionRun moved(Audience audience, RunRequest request, String name, List<RunEvent> events) {
        IngestionRun run = IngestionRun.start(new RunId("run-" + Math.abs(name.hashCode())), audience, request,
                new Stamp(new UserId("u" + name.length()), Generators.EPOCH), "flow-" + name, "flow-2");
        Instant at = Generators.EPOCH;
        for (RunEvent event : events) {
            at = at.plusMillis(1_234);
            try {
                run = run.on(event, at);
            } catch (IllegalRunTransition refused) {
                // an event the run's state does not accept leaves it as it was
            }
        }
        return new IngestionRun(run.id(), run.scope(), run.audienceId(), new AudienceName("n" + name.length()),
                run.window(), run.mode(), run.created(), run.status(), run.stages(), run.counts(), run.rejections(),
                run.effect());
    }
}
