package dev.extaudiences.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.TryCatchBlock;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.extaudiences.adapter.files.DirectoryLandingZone;
import dev.extaudiences.adapter.files.DirectoryStorage;
import dev.extaudiences.adapter.javalin.JavalinApi;
import dev.extaudiences.adapter.jdbi.JdbiDatabase;
import dev.extaudiences.adapter.memory.InMemoryConnections;
import dev.extaudiences.adapter.memory.InMemoryStores;
import dev.extaudiences.core.ExternalAudiences;
import dev.extaudiences.core.idempotency.StoredReply;
import dev.extaudiences.core.port.in.RepeatRequestsSafelyUseCase;
import dev.extaudiences.core.service.StoredSourceFiles;
import dev.extaudiences.core.port.out.Audiences;
import dev.extaudiences.core.port.out.IngestionRuns;
import dev.extaudiences.core.port.out.Members;
import dev.extaudiences.core.port.out.StagedMembers;
import dev.extaudiences.core.service.AudienceManagementService;
import dev.extaudiences.core.run.RunEvent;
import dev.extaudiences.core.service.RunCancellationService;
import dev.extaudiences.core.service.RunWorkers;
import dev.extaudiences.core.tenant.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module and package rules of the hexagon. A new rule here is cheaper than a later untangling. */
@AnalyzeClasses(packages = "dev.extaudiences", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** The adapters' test servers, on this module's test class path as test jars: test code, not the layout. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String CORE = "dev.extaudiences.core..";
    private static final String PORT_IN = "dev.extaudiences.core.port.in..";
    private static final String PORT_OUT = "dev.extaudiences.core.port.out..";
    private static final String SERVICE = "dev.extaudiences.core.service..";
    private static final String ADAPTERS = "dev.extaudiences.adapter..";
    private static final String TESTKIT = "dev.extaudiences.testkit..";
    private static final String APP = "dev.extaudiences.app..";
    /**
     * The stand-in for other teams' tests, which knows the whole server as app does, through app's entry points only
     * (CompositionRoot, Server, Settings). It is not on this module's class path: its own StandInArchitectureTest
     * checks that it knows neither the adapters nor the core; here it is only named where it is allowed.
     */
    private static final String STANDIN = "dev.extaudiences.standin..";
    private static final String JAVALIN = "dev.extaudiences.adapter.javalin..";
    private static final String CONSOLE = "dev.extaudiences.adapter.console..";
    /** How the HTTP API names the caller and its scope: the adapter's words, never the domain's. */
    private static final List<String> HEADER_NAMES = List.of("x-gw-ims-org-id", "x-sandbox-name", "x-api-key",
            "Authorization", "x-request-id", "Idempotency-Key", "Retry-After");

    @ArchTest
    static final ArchRule coreDependsOnlyOnTheJdk = classes().that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(CORE, "java..")
            .because("the domain is pure: no framework, no I/O library, no adapter, no validation API");

    @ArchTest
    static final ArchRule theDomainNeitherPostsNorSigns = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "javax.crypto..",
                    "com.sun.net.httpserver..")
            .because("the domain decides what is delivered, when and in which order; posting and signing an event is"
                    + " the WebhookSender adapter's (adapters/webhook-http)");

    @ArchTest
    static final ArchRule noBeanValidation = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.validation..", "org.hibernate.validator..")
            .because("the domain's value types are the one judge of a value; a second set of rules words them twice");

    @ArchTest
    static final ArchRule onlyTheErrorMappingReadsDomainErrors = noClasses().that().resideInAPackage(JAVALIN)
            // ErrorMapping$1 is the compiler's table of the enum switch
            .and().haveNameNotMatching(".*\\.ErrorMapping(\\$.*)?")
            .should().dependOnClassesThat().haveNameMatching("dev\\.extaudiences\\.core\\.error\\.DomainError.*")
            .because("one table says which answer each domain refusal gets; a second would word one differently");

    @ArchTest
    static final ArchRule routeGroupsDoNotTouchJetty = noClasses().that().resideInAPackage(JAVALIN)
            .and().haveSimpleNameEndingWith("Routes")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
            .because("handlers speak Javalin's Context; Jetty is set up and its refusals are answered in one place");

    @ArchTest
    static final ArchRule routeGroupsDoNotAuthenticate = noClasses().that().resideInAPackage(JAVALIN)
            .and().haveSimpleNameEndingWith("Routes")
            .should().dependOnClassesThat().haveSimpleName("CallerHeaders")
            .orShould().dependOnClassesThat().resideInAPackage("dev.extaudiences.core.access..")
            .because("a handler takes the caller Authentication kept on the request, it never reads credentials");

    @ArchTest
    static final ArchRule theRunQueryTypesReadNoText = noMethods()
            .that().areDeclaredInClassesThat().haveNameMatching("dev\\.extaudiences\\.core\\.run\\.Run(Query|Sort|Filter).*")
            .and().doNotHaveName("valueOf")
            .should().haveRawParameterTypes(String.class)
            .orShould().haveRawParameterTypes(String.class, String.class, String.class, List.class)
            .because("how a query is written (sortBy=-createdAt, property=status=SUCCESS) is the HTTP adapter's grammar");

    @ArchTest
    static final ArchRule theDomainSpellsNothingForTheWire = noMethods()
            .that().areDeclaredInClassesThat().resideInAPackage(CORE)
            .should().haveNameMatching("wireName|asWire|fromWire")
            .because("how a value is spelt on the wire is the HTTP adapter's (Wire, RunWire, Commands), and how it is"
                    + " stored is each store's own; the domain holds types");

    /** A value's own check of text (FieldType.check of a CSV value) is the domain's; naming a constant is not. */
    @ArchTest
    static final ArchRule theDomainsEnumsAreNotReadFromText = noMethods()
            .that().areDeclaredInClassesThat().resideInAPackage(CORE)
            .and().areDeclaredInClassesThat().areEnums()
            .and().areStatic()
            .and().doNotHaveName("valueOf")
            .should().haveRawParameterTypes(String.class)
            .because("which text names a constant (the contract's cloudType Azure, a stored AZURE, a setting's TYPE)"
                    + " is each adapter's grammar, read in its own switch");

    @ArchTest
    static final ArchRule storesKeepTheirOwnNames = noClasses()
            .that().resideInAPackage("dev.extaudiences.adapter.jdbi..")
            .should().callMethodWhere(DescribedPredicate.describe("a method named wireName is called",
                    (JavaMethodCall call) -> call.getName().equals("wireName")))
            .because("a stored name is fixed by the rows already stored (StoredStatus, StoredSourceNames, RunCodec);"
                    + " the wire's may change");

    @ArchTest
    static final ArchRule adaptersDoNotDependOnEachOther = slices().matching("dev.extaudiences.adapter.(*)..")
            .should().notDependOnEachOther()
            .because("an adapter depends on core only; wiring adapters together is app's job");

    /** The console is static pages over the API: it speaks to the server the way any browser does, through HTTP. */
    @ArchTest
    static final ArchRule theConsoleKnowsNeitherTheDomainNorTheApiAdapter = noClasses().that().resideInAPackage(CONSOLE)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, JAVALIN, APP)
            .because("its pages call the API from the browser; a Java path to the domain would bypass its checks");

    /** Uploads reach the landing zone through the domain's use case, as runs do, never by the adapter itself. */
    @ArchTest
    static final ArchRule theHttpAdapterWritesNoFiles = noClasses().that().resideInAPackage(JAVALIN)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .because("what may be written where (the audience's own path, the caller's org folder) is the domain's rule");

    @ArchTest
    static final ArchRule onlyAppKnowsAdapters = noClasses().that().resideOutsideOfPackages(ADAPTERS, APP)
            .should().dependOnClassesThat().resideInAPackage(ADAPTERS);

    @ArchTest
    static final ArchRule nothingButAppKnowsApp = noClasses().that().resideOutsideOfPackages(APP, STANDIN)
            .should().dependOnClassesThat().resideInAPackage(APP);

    @ArchTest
    static final ArchRule productionCodeDoesNotUseTheTestkit = noClasses().that().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat().resideInAPackage(TESTKIT);

    @ArchTest
    static final ArchRule inboundPortsKnowNeitherOutboundPortsNorServices = noClasses().that().resideInAPackage(PORT_IN)
            .should().dependOnClassesThat().resideInAnyPackage(PORT_OUT, SERVICE);

    @ArchTest
    static final ArchRule outboundPortsKnowNeitherInboundPortsNorServices = noClasses().that().resideInAPackage(PORT_OUT)
            .should().dependOnClassesThat().resideInAnyPackage(PORT_IN, SERVICE);

    @ArchTest
    static final ArchRule domainModelKnowsNoPortsOrServices = noClasses().that().resideInAPackage(CORE)
            .and().resideOutsideOfPackages(PORT_IN, PORT_OUT, SERVICE, "dev.extaudiences.core")
            .should().dependOnClassesThat().resideInAnyPackage(PORT_IN, PORT_OUT, SERVICE)
            .because("aggregates and values are the centre; ports and services are built around them");

    @ArchTest
    static final ArchRule onlyThePhoneAdapterKnowsTheNumberingPlans = noClasses()
            .that().resideOutsideOfPackage("dev.extaudiences.adapter.phone..")
            .should().dependOnClassesThat().resideInAPackage("com.google.i18n.phonenumbers..")
            .because("the domain asks its PhoneNumbers port; libphonenumber is one adapter's, wired by the app");

    @ArchTest
    static final ArchRule identityRulesArePureText = noClasses().that().resideInAPackage("dev.extaudiences.core.identity..")
            .should().dependOnClassesThat().resideInAnyPackage(PORT_OUT, SERVICE)
            .because("email, id and hash rules are values of the domain; only the IdentityRules the domain is built with hold a port");

    @ArchTest
    static final ArchRule inboundPortsAreUseCases = classes().that().resideInAPackage(PORT_IN)
            .should().beInterfaces().andShould().haveSimpleNameEndingWith("UseCase");

    @ArchTest
    static final ArchRule outboundPortsAreDomainPlurals = classes().that().resideInAPackage(PORT_OUT)
            .and().areTopLevelClasses()
            .should().beInterfaces().andShould().haveSimpleNameNotEndingWith("Port");

    @ArchTest
    static final ArchRule domainReadsTimeOnlyFromTheInjectedClock = noClasses().that().resideInAPackage(CORE)
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("expiry and guardrail days must follow the injected java.time.Clock");

    @ArchTest
    static final ArchRule memoryAdaptersAreNamedForTheirTechnology = classes()
            .that().resideInAPackage("dev.extaudiences.adapter.memory..").and().areTopLevelClasses()
            .and().arePublic()
            .should().haveSimpleNameStartingWith("InMemory");

    @ArchTest
    static final ArchRule jdbiAdaptersAreNamedForTheirTechnology = classes()
            .that().resideInAPackage("dev.extaudiences.adapter.jdbi..").and().areTopLevelClasses()
            .and().arePublic()
            .should().haveSimpleNameStartingWith("Jdbi");

    @ArchTest
    static final ArchRule theDatabaseChoosesTheMergeStrategyInOnePlace = noClasses()
            .that().resideInAPackage("dev.extaudiences.adapter.jdbi..")
            .and().haveNameNotMatching(
                    "dev\\.extaudiences\\.adapter\\.jdbi\\.(Dialect|JdbiDatabase|MergeStrategy)(\\$.*)?")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.extaudiences.adapter.jdbi.Dialect")
            .because("how the databases differ in staging and merging is each one's MergeStrategy, chosen once by"
                    + " MergeStrategy.of (JdbiDatabase reads the dialect only to compact an H2 file): no branch on it"
                    + " elsewhere");

    @ArchTest
    static final ArchRule jdbiTypesStayInsideTheJdbiAdapter = noClasses()
            .that().resideOutsideOfPackages("dev.extaudiences.adapter.jdbi..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.flywaydb..", "java.sql..")
            .because("no SQL or JDBI type leaks out of the persistence adapter");

    /** A string constant is no dependency ArchUnit sees, so the class files' constant pools are read instead. */
    @Test
    void coreNamesNoHttpHeader() throws IOException {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(new DoNotIncludeTestJars())
                .importPackages("dev.extaudiences.core");
        assertThat(core.size()).isGreaterThan(50);
        for (JavaClass type : core) {
            URI location = type.getSource().orElseThrow().getUri();
            String constants;
            try (InputStream in = location.toURL().openStream()) {
                constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            for (String header : HEADER_NAMES) {
                assertThat(constants).as("%s names the header %s", type.getName(), header).doesNotContain(header);
            }
        }
    }

    @ArchTest
    static final ArchRule keysAreClaimedAroundRoutesInOnePlace = noClasses().that().resideInAPackage(JAVALIN)
            .and().haveNameNotMatching("dev\\.extaudiences\\.adapter\\.javalin\\.(IdempotentRequests|JavalinApi)(\\$.*)?")
            .should().dependOnClassesThat().haveFullyQualifiedName(RepeatRequestsSafelyUseCase.class.getName())
            .because("one wrapper claims a key before a route's work and keeps or frees it after; a route that did it"
                    + " itself could keep a refusal, or answer twice");

    @ArchTest
    static final ArchRule theDomainKeepsARepliedAnswerWithoutReadingIt = noClasses().that().resideInAPackage(CORE)
            .and().doNotHaveFullyQualifiedName(StoredReply.class.getName())
            .should().callMethod(StoredReply.class, "status")
            .because("the first answer to a keyed request is the HTTP adapter's (status and body); the domain claims,"
                    + " keeps and expires it, and never decides on what it says");

    @ArchTest
    static final ArchRule runOutcomesAreValuesNotExceptions = noClasses()
            .that().haveNameMatching("dev\\.extaudiences\\.core\\.service\\.(IngestionEngine|RunWorkers|RunService|RunCancellationService)(\\$.*)?")
            .should(catchIllegalStateException())
            .because("a store answers a run's write as a value (IngestionRuns.RunWrite, StagedMembers.Finish); an"
                    + " IllegalStateException caught here would also swallow an IllegalRunTransition, which is a bug");

    /**
     * The stores the webhook publisher wraps (AnnouncingRuns, ...) forward every call to the store they wrap, as it
     * was made: they are the store, seen by the services, and call nothing of their own.
     */
    private static final DescribedPredicate<JavaClass> ANNOUNCING_STORES_ONLY_FORWARD = DescribedPredicate.describe(
            "are not a store wrapped to announce what ends (they forward each call as made)",
            (JavaClass type) -> !topLevel(type).getFullName().matches("dev\\.extaudiences\\.core\\.service\\.Announcing.*"));

    @ArchTest
    static final ArchRule onlyTheAnnouncingStoresAreMadeByTheEndAnnouncer = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.extaudiences.core.service.EndAnnouncer")
            .should().callConstructorWhere(DescribedPredicate.describe("an announcing store is made",
                    (com.tngtech.archunit.core.domain.JavaConstructorCall call) -> call.getTargetOwner().getName()
                            .matches("dev\\.extaudiences\\.core\\.service\\.Announcing.*")))
            .because("one wrapping of the stores tells every listener (the webhooks, the log), so that every end they"
                    + " store is announced once");

    @ArchTest
    static final ArchRule onlyTheRunWorkersHandleLeases = noClasses().that().resideInAPackage(CORE)
            .and().doNotHaveFullyQualifiedName(RunWorkers.class.getName())
            .and(ANNOUNCING_STORES_ONLY_FORWARD)
            .should().callMethodWhere(DescribedPredicate.describe("a lease method of IngestionRuns is called",
                    (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(IngestionRuns.class)
                            && Set.of("claimNext", "renewLease", "lapsed").contains(call.getName())))
            .because("the workers claim runs, keep their leases alive and fail the lapsed ones; the engine only asks"
                    + " whether its claim is still held (IngestionEngine.Claim)");

    @ArchTest
    static final ArchRule aCancelHasOneOwner = noClasses().that().resideOutsideOfPackage(TESTKIT)
            .and().doNotHaveFullyQualifiedName(RunCancellationService.class.getName())
            .should().callConstructor(RunEvent.Cancelled.class, UserId.class)
            .because("a cancel is the run's end stored by RunCancellationService alone, through the write that refuses"
                    + " to change an ended run: that write is the whole protocol with the run's worker, on any node,"
                    + " and what makes a cancel and a finish exclusive");

    @ArchTest
    static final ArchRule anAudiencesDeletionHasOneOwner = noClasses().that().resideInAPackage(CORE)
            .and().doNotHaveFullyQualifiedName(AudienceManagementService.class.getName())
            .and(ANNOUNCING_STORES_ONLY_FORWARD)
            .should().callMethodWhere(DescribedPredicate.describe("a store removes an audience or all it holds of one",
                    (JavaMethodCall call) -> (call.getTargetOwner().isAssignableTo(Audiences.class)
                            && call.getName().equals("remove"))
                            || (call.getTargetOwner().isAssignableTo(IngestionRuns.class)
                                    || call.getTargetOwner().isAssignableTo(Members.class)
                                    || call.getTargetOwner().isAssignableTo(StagedMembers.class))
                            && call.getName().equals("removeAll")))
            .because("deleting an audience has one owner and one order (audience, runs, members, staging): see"
                    + " Audiences.remove");

    @ArchTest
    static final ArchRule theAudiencesStoreRemovesNothingOfOtherStores = noClasses()
            .that().haveFullyQualifiedName("dev.extaudiences.adapter.jdbi.JdbiAudiences")
            .or().haveFullyQualifiedName("dev.extaudiences.adapter.jdbi.AudienceDao")
            .or().haveFullyQualifiedName("dev.extaudiences.adapter.memory.InMemoryAudiences")
            .should().dependOnClassesThat().haveNameMatching(
                    "dev\\.extaudiences\\.adapter\\..*\\.(.*Members.*|.*Runs.*|.*Merge.*|MemberDao|RunDao|StagingDao"
                            + "|StagingTables)")
            .because("Audiences.remove removes the audience only: its runs and members are their stores' to remove");

    /**
     * What each service may hold of another: only the background work what it runs. A service is a class of
     * {@code core.service} that does work; a value there ({@code Backoff}, {@code WorkerMode}) is not one.
     */
    private static final Map<String, Set<String>> SERVICES_HELD = Map.of(
            "BackgroundWork", Set.of("RunWorkers", "IngestionEngine", "ExpirySweeper", "MemberHousekeeping"),
            "RunWorkers", Set.of("IngestionEngine"),
            "IngestionEngine", Set.of("StagingPipeline"),
            // one file's reading, in three parts: the stored files, the bytes that resume, the rows above them
            "StoredSourceFiles", Set.of("ResumingInput", "StorageRecordStream"),
            "StorageRecordStream", Set.of("ResumingInput"),
            // the stores it announces through: decorators told of each end by a callback, holding no service
            "EndAnnouncer", Set.of("AnnouncingRuns", "AnnouncingStagedMembers", "AnnouncingOperations"));

    @ArchTest
    static final ArchRule servicesTakePortsNotOtherServices = classes().that().resideInAPackage(SERVICE)
            .should(holdNoOtherServiceBut(SERVICES_HELD))
            .because("a service is given ports, the clock, ids and guardrails; a rule two services share belongs in a"
                    + " domain type or a port (Audiences.existing), and only the background work holds what it runs");

    @ArchTest
    static final ArchRule onlyTheBackgroundWorkHoldsItsParts = noClasses().that().resideOutsideOfPackage(SERVICE)
            .should().dependOnClassesThat().haveNameMatching("dev\\.extaudiences\\.core\\.service\\."
                    + "(RunWorkers|IngestionEngine|ExpirySweeper|MemberHousekeeping)(\\$.*)?")
            .because("BackgroundWork starts and stops every thread of the background work; a part held elsewhere"
                    + " could start threads that nobody stops");

    @ArchTest
    static final ArchRule useCasesAreImplementedByServices = classes()
            .that(DescribedPredicate.describe("implement a use case", (JavaClass type) -> type.getAllRawInterfaces()
                    .stream().anyMatch(port -> port.getPackageName().equals("dev.extaudiences.core.port.in"))))
            .should().resideInAPackage(SERVICE).orShould().be(ExternalAudiences.class)
            .because("each use case is implemented once, by its service; the facade only hands them on");

    @ArchTest
    static final ArchRule adaptersDriveTheDomainThroughItsUseCases = noClasses().that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage(SERVICE)
            .orShould().dependOnClassesThat().belongToAnyOf(ExternalAudiences.class)
            .because("a driving adapter is given the use cases by their interfaces (UseCases), so that it can be built"
                    + " and tested over any implementation of them, and no adapter reaches behind a port");

    @ArchTest
    static final ArchRule onlyTheCompositionRootPutsTheServerTogether = noClasses().that().resideInAPackage(APP)
            .and().doNotHaveFullyQualifiedName(CompositionRoot.class.getName())
            .and().doNotHaveFullyQualifiedName(SourceStorages.class.getName())
            .should().callCodeUnitWhere(DescribedPredicate.describe("it builds a part of the server",
                    (JavaCall<?> call) -> Set.of(ExternalAudiences.class, JavalinApi.class, JdbiDatabase.class,
                                    InMemoryStores.class, InMemoryConnections.class, StoredSourceFiles.class,
                                    DirectoryLandingZone.class, DirectoryStorage.class)
                            .stream().anyMatch(part -> call.getTargetOwner().isEquivalentTo(part))
                            && Set.of("<init>", "builder", "create", "open", "h2", "of").contains(call.getName())))
            .because("the server is wired in one place (SourceStorages builds the connections' part of it); Server runs and stops what it was given, Main reads the"
                    + " process's arguments, AccessSetup reads who may call");

    /** Code with a catch clause for {@link IllegalStateException} or any subclass of it. */
    private static ArchCondition<JavaClass> catchIllegalStateException() {
        return new ArchCondition<>("catch IllegalStateException or a subclass other than IllegalRunTransition") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
                    for (TryCatchBlock block : unit.getTryCatchBlocks()) {
                        for (JavaClass caught : block.getCaughtThrowables()) {
                            // catching the transition by name, to tell it as a bug, is the one way allowed
                            if (caught.isAssignableTo(IllegalStateException.class)
                                    && !caught.getName().equals("dev.extaudiences.core.run.IllegalRunTransition")) {
                                events.add(SimpleConditionEvent.satisfied(unit, unit.getFullName() + " catches "
                                        + caught.getSimpleName() + " in " + block.getSourceCodeLocation()));
                            }
                        }
                    }
                }
            }
        };
    }

    /**
     * Holds no other service of {@code core.service}, neither as its class nor through a use case it does not implement
     * itself, but the ones {@code allowed} names for it (simple names of top-level classes).
     */
    private static ArchCondition<JavaClass> holdNoOtherServiceBut(Map<String, Set<String>> allowed) {
        return new ArchCondition<>("hold no other service than what it runs") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                JavaClass holder = topLevel(origin);
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass held = topLevel(dependency.getTargetClass().getBaseComponentType());
                    boolean anotherService = !held.equals(holder) && isService(held)
                            && !allowed.getOrDefault(holder.getSimpleName(), Set.of()).contains(held.getSimpleName());
                    boolean anotherUseCase = held.getPackageName().equals("dev.extaudiences.core.port.in")
                            && !holder.getAllRawInterfaces().contains(held);
                    if (anotherService || anotherUseCase) {
                        events.add(SimpleConditionEvent.violated(origin, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isService(JavaClass type) {
        return type.getPackageName().equals("dev.extaudiences.core.service")
                && !type.isRecord() && !type.isInterface() && !type.isEnum();
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    /** ArchUnit passes a rule over an empty selection only if told to; this also guards against a renamed package. */
    @Test
    void everyPackageARuleNamesExistsAndIsNotEmpty() {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(new DoNotIncludeTestJars())
                .importPackages("dev.extaudiences");
        for (String pattern : List.of(CORE, PORT_IN, PORT_OUT, SERVICE, ADAPTERS, "dev.extaudiences.adapter.memory..",
                "dev.extaudiences.adapter.jdbi..", "dev.extaudiences.adapter.files..", "dev.extaudiences.adapter.auth..",
                "dev.extaudiences.adapter.javalin..", CONSOLE, "dev.extaudiences.adapter.webhook..", TESTKIT, APP)) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            assertThat(imported.stream().filter(c -> c.getPackageName().startsWith(prefix)))
                    .as("classes in " + pattern).isNotEmpty();
        }
    }
}
