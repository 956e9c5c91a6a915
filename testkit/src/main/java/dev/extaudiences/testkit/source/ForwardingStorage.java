package dev.extaudiences.testkit.source;

import dev.extaudiences.core.port.out.SourceStorage;
import dev.extaudiences.core.source.SourceException;
import dev.extaudiences.core.source.SourceFile;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A storage that does what another does: the base of a deliberately broken variant, which overrides the one call it
 * breaks, so that a test can show a rule of {@code SourceStorageContract} failing against it.
 */
public class ForwardingStorage implements SourceStorage {

    protected final SourceStorage delegate;

    public ForwardingStorage(SourceStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<String> escapes(String path) {
        return delegate.escapes(path);
    }

    @Override
    public Optional<SourceFile> file(String path) throws SourceException {
        return delegate.file(path);
    }

    @Override
    public Optional<List<SourceFile>> folder(String path) throws SourceException {
        return delegate.folder(path);
    }

    @Override
    public InputStream open(SourceFile file, long offset) throws SourceException {
        return delegate.open(file, offset);
    }
}
