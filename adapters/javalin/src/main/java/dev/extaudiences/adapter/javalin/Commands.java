package dev.extaudiences.adapter.javalin;

import dev.extaudiences.core.audience.AudienceName;
import dev.extaudiences.core.audience.AudienceNamespace;
import dev.extaudiences.core.audience.AudienceType;
import dev.extaudiences.core.audience.CustomAudienceId;
import dev.extaudiences.core.audience.Description;
import dev.extaudiences.core.audience.Field;
import dev.extaudiences.core.audience.FieldName;
import dev.extaudiences.core.audience.FieldType;
import dev.extaudiences.core.audience.Fields;
import dev.extaudiences.core.audience.IdentityNamespace;
import dev.extaudiences.core.audience.Labels;
import dev.extaudiences.core.audience.NewAudience;
import dev.extaudiences.core.audience.OriginName;
import dev.extaudiences.core.audience.ProfileIngestion;
import dev.extaudiences.core.audience.Tags;
import dev.extaudiences.core.audience.Ttl;
import dev.extaudiences.core.run.RunRequest;
import dev.extaudiences.core.source.CloudType;
import dev.extaudiences.core.source.ConnectionId;
import dev.extaudiences.core.source.SourceKind;
import dev.extaudiences.core.source.SourcePath;
import dev.extaudiences.core.source.SourceSpecRequest;
import dev.extaudiences.core.source.SourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns validated bodies into domain commands; the domain's own rules run in the constructors it calls. */
final class Commands {

    private Commands() {
    }

    static NewAudience newAudience(Bodies.CreateAudience body) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < body.fields().size(); i++) {
            Bodies.FieldBody field = body.fields().get(i);
            fields.add(new Field(new FieldName(field.name()), FieldType.parse(field.type(), "fields[" + i + "].type"),
                    Optional.ofNullable(field.identityNs()).map(IdentityNamespace::new), Labels.parse(field.labels())));
        }
        Bodies.SourceParams source = body.sourceSpec().effective();
        SourceSpecRequest spec = new SourceSpecRequest(new SourcePath(source.path()), SourceKind.parse(source.type()),
                Optional.ofNullable(source.sourceType()).map(SourceType::parse),
                Optional.ofNullable(source.cloudType()).map(CloudType::parse),
                Optional.ofNullable(source.baseConnectionId()).map(ConnectionId::new));
        return new NewAudience(new AudienceName(body.name()),
                Optional.ofNullable(body.description()).map(Description::new),
                Optional.ofNullable(body.customAudienceId()).map(CustomAudienceId::new), new Fields(fields), spec,
                body.ttlInDays() == null ? Ttl.DEFAULT : Ttl.ofDays(body.ttlInDays()),
                AudienceType.parse(body.audienceType()), OriginName.parse(body.originName()),
                AudienceNamespace.parse(body.namespace()), Labels.parse(body.labels()), Tags.parse(body.tags()),
                ProfileIngestion.fromWire(body.profileIngestion()));
    }

    static RunRequest runRequest(Bodies.StartRun body) {
        return RunRequest.fromWire(body.dataFilterStartTime(), body.dataFilterEndTime(), body.differentialIngestion());
    }
}
