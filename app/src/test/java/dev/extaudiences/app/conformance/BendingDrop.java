package dev.extaudiences.app.conformance;

import dev.extaudiences.testkit.http.FileDrop;
import java.time.Instant;

/**
 * A file drop that bends each file before it lands: our server then reads what a broken server would make of the
 * file the kit meant (a gzip file left compressed, an invalid value dropped from its row).
 */
record BendingDrop(FileDrop drop, Bend bend) implements FileDrop {

    /** How one file is bent, knowing its path. */
    interface Bend {
        Bend NOTHING = (path, content) -> content;

        byte[] bent(String path, byte[] content);
    }

    @Override
    public void place(String orgId, String sandbox, String path, byte[] content, Instant modifiedAt) {
        drop.place(orgId, sandbox, path, bend.bent(path, content), modifiedAt);
    }

    @Override
    public boolean setsModificationTimes() {
        return drop.setsModificationTimes();
    }
}
