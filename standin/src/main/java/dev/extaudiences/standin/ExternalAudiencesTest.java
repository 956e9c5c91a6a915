package dev.extaudiences.standin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stand-in with its defaults around a test class: in-memory stores, a fresh sandbox before every test. A test
 * method (or a constructor, or a lifecycle method) takes the running {@link StandIn} as a parameter. For anything
 * else (H2, a JDBC URL, a reset per class, a clock start, other settings), register a {@link StandInExtension}
 * built with {@link StandInExtension#builder()} on a static field instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(StandInExtension.class)
public @interface ExternalAudiencesTest {
}
