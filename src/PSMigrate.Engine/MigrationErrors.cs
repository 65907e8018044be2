using System.Reflection;

namespace PSMigrate;

/// <summary>One entry of the error catalogue: a stable name, its kind, and what it means.</summary>
public sealed record MigrationError(string Name, MigrationErrorKind Kind, string Meaning)
{
    public string Id => "PSMigrate." + Name;

    public override string ToString() => Id;
}

/// <summary>
/// The one catalogue of error ids. Every error PSMigrate raises on purpose uses an entry from
/// here; about_PSMigrate lists them all (the build writes that section from this class).
/// </summary>
public static class MigrationErrors
{
    private static MigrationError E(MigrationErrorKind kind, string meaning, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        new(name, kind, meaning);

    // Revision files
    public static MigrationError DuplicateHeader { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A header line (Revision ID, Revises, ...) appears twice in one revision file.");
    public static MigrationError DuplicateSection { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A '-- migrate:upgrade' or '-- migrate:downgrade' marker appears twice.");
    public static MigrationError UnknownSection { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A '-- migrate:<name>' marker names neither upgrade nor downgrade.");
    public static MigrationError StatementBeforeSection { get; } = E(MigrationErrorKind.InvalidRevisionFile, "SQL appears above the '-- migrate:upgrade' marker.");
    public static MigrationError MissingSection { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision lacks its upgrade or downgrade section (or, for .ps1, its Upgrade or Downgrade function).");
    public static MigrationError MissingRevisionHeader { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision file has no 'Revision ID' header.");
    public static MigrationError MissingRevisesHeader { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision file has no 'Revises' header (leave it empty for a root).");
    public static MigrationError InvalidRevisionId { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision id is not 1 to 32 letters, digits or underscores, or is a reserved word.");
    public static MigrationError InvalidRevises { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A 'Revises' header names something that is not a valid revision id.");
    public static MigrationError InvalidBranchLabel { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A branch label does not start with a letter, holds other characters than letters, digits, '_' or '.', or is a reserved word.");
    public static MigrationError InvalidCreateDate { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A 'Create Date' header is not an ISO 8601 date.");
    public static MigrationError InvalidTransactionMode { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A 'Transaction' header is neither 'none' nor 'per-revision'.");
    public static MigrationError InvalidCharacter { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision file holds a control character (such as NUL) outside quoted text; nothing ran.");
    public static MigrationError InvalidEncoding { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision file is not UTF-8 (for example UTF-16 without a byte order mark); nothing ran.");
    public static MigrationError ClientCommand { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A .sql revision holds a command for psql (\\c, \\i, \\set ...) or sqlite3 (.read, .mode ...), or COPY ... TO STDOUT: not SQL the server runs; nothing ran.");
    public static MigrationError UnsupportedSessionSetting { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A .sql revision turns off standard_conforming_strings, which changes how every later quoted string is read; nothing ran.");
    public static MigrationError TransactionControl { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A revision that runs in PSMigrate's transaction holds BEGIN, COMMIT, ROLLBACK or END of its own (use 'Transaction: none' to run such a file as its client would); nothing ran.");
    public static MigrationError RevisionParseError { get; } = E(MigrationErrorKind.InvalidRevisionFile, "A .ps1 revision does not parse as PowerShell.");

    // The revision graph
    public static MigrationError DuplicateRevision { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "Two revision files have the same revision id.");
    public static MigrationError DuplicateBranchLabel { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "Two revisions carry the same branch label.");
    public static MigrationError BranchLabelIsRevisionId { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "A branch label is also a revision id.");
    public static MigrationError MissingDownRevision { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "A revision revises an id no file has.");
    public static MigrationError MissingDependency { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "A revision depends on an id or label no file has.");
    public static MigrationError RevisionCycle { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "The Revises and Depends On links form a cycle.");

    // Targets
    public static MigrationError EmptyTarget { get; } = E(MigrationErrorKind.InvalidTarget, "The target is empty.");
    public static MigrationError UnknownTarget { get; } = E(MigrationErrorKind.InvalidTarget, "No revision id starts with the target, and it is no keyword, label or relative form.");
    public static MigrationError AmbiguousTarget { get; } = E(MigrationErrorKind.InvalidTarget, "A partial revision id matches several revisions.");
    public static MigrationError MultipleHeads { get; } = E(MigrationErrorKind.InvalidTarget, "'head' (or a new revision's parent) is ambiguous: the revisions have several heads.");
    public static MigrationError MultipleBranchHeads { get; } = E(MigrationErrorKind.InvalidTarget, "'<label>@head' is ambiguous: the branch has several heads.");
    public static MigrationError UnknownBranchLabel { get; } = E(MigrationErrorKind.InvalidTarget, "A target names a branch label no revision has.");
    public static MigrationError NothingApplied { get; } = E(MigrationErrorKind.InvalidTarget, "A relative target counts back from the current revision, but nothing is applied.");
    public static MigrationError RelativeFromSeveralHeads { get; } = E(MigrationErrorKind.InvalidTarget, "A relative target (+N/-N) is ambiguous: the database is at several heads.");
    public static MigrationError RelativeAtBranchPoint { get; } = E(MigrationErrorKind.InvalidTarget, "Counting up reaches a branch point; name the branch.");
    public static MigrationError RelativeAtMergePoint { get; } = E(MigrationErrorKind.InvalidTarget, "Counting down crosses a merge point; name the revision.");
    public static MigrationError RelativePastHead { get; } = E(MigrationErrorKind.InvalidTarget, "Counting up goes past the head.");
    public static MigrationError RelativePastBase { get; } = E(MigrationErrorKind.InvalidTarget, "Counting down goes below base.");
    public static MigrationError RelativeZero { get; } = E(MigrationErrorKind.InvalidTarget, "A relative target of 0 does not move.");
    public static MigrationError InvalidRelativeCount { get; } = E(MigrationErrorKind.InvalidTarget, "A relative step count is too large.");
    public static MigrationError DowngradeToHead { get; } = E(MigrationErrorKind.InvalidTarget, "'head' or 'heads' was given as a downgrade target.");
    public static MigrationError UpgradeTargetForDowngrade { get; } = E(MigrationErrorKind.InvalidTarget, "'+N' was given to a downgrade.");
    public static MigrationError DowngradeTargetForUpgrade { get; } = E(MigrationErrorKind.InvalidTarget, "'-N' was given to an upgrade.");
    public static MigrationError NotOnBranch { get; } = E(MigrationErrorKind.InvalidTarget, "'<branch>@<rev>' names a revision that is not on that branch.");
    public static MigrationError TargetNotApplied { get; } = E(MigrationErrorKind.InvalidTarget, "A downgrade target is not applied, so the database cannot go back to it.");
    public static MigrationError AmbiguousDependency { get; } = E(MigrationErrorKind.InvalidTarget, "-DependsOn matches several revisions.");
    public static MigrationError NothingToMerge { get; } = E(MigrationErrorKind.InvalidTarget, "A merge was asked for with fewer than two revisions.");

    // Writing revisions
    public static MigrationError RevisionIdTaken { get; } = E(MigrationErrorKind.AlreadyExists, "-RevisionId is already the id of another revision.");
    public static MigrationError BranchLabelTaken { get; } = E(MigrationErrorKind.AlreadyExists, "-BranchLabel is already on another revision.");
    public static MigrationError InvalidArgument { get; } = E(MigrationErrorKind.InvalidArgument, "A parameter's value is not valid (the message names the parameter and why).");
    public static MigrationError MixedRevisionKinds { get; } = E(MigrationErrorKind.InvalidArgument, "New-MigrationRevision got both SQL and PowerShell bodies.");
    public static MigrationError OutFileExists { get; } = E(MigrationErrorKind.AlreadyExists, "-OutFile names an existing file; add -Force to overwrite it.");

    // Configuration and connections
    public static MigrationError MigrationsFolderNotFound { get; } = E(MigrationErrorKind.NotFound, "-Path names a folder that does not exist.");
    public static MigrationError DatabaseNotFound { get; } = E(MigrationErrorKind.NotFound, "The database cannot be there: a SQLite file whose folder does not exist.");
    public static MigrationError DatabaseNotConfigured { get; } = E(MigrationErrorKind.NotFound, "-Database names no database of the config file's Databases table.");
    public static MigrationError ScriptNeedsOneDatabase { get; } = E(MigrationErrorKind.InvalidArgument, "-Script writes one database's SQL; several databases were given.");
    public static MigrationError FleetFailed { get; } = E(MigrationErrorKind.ExecutionFailed, "One or more databases of a many-database run failed; each has its own error, the others went on.");
    public static MigrationError VersionsFolderNotFound { get; } = E(MigrationErrorKind.NotFound, "The migrations folder has no versions/ folder.");
    public static MigrationError AlreadyInitialised { get; } = E(MigrationErrorKind.AlreadyExists, "Initialize-Migration found psmigrate.psd1 already there (use -Force).");
    public static MigrationError ConfigParseError { get; } = E(MigrationErrorKind.InvalidConfiguration, "psmigrate.psd1 does not parse.");
    public static MigrationError ConfigNotHashtable { get; } = E(MigrationErrorKind.InvalidConfiguration, "psmigrate.psd1 does not hold one hashtable.");
    public static MigrationError ConfigNotLiteral { get; } = E(MigrationErrorKind.InvalidConfiguration, "psmigrate.psd1 holds commands or variables; only literals are read.");
    public static MigrationError InvalidSetting { get; } = E(MigrationErrorKind.InvalidConfiguration, "A setting in psmigrate.psd1 is unknown or has a wrong value.");
    public static MigrationError EnvironmentVariableNotSet { get; } = E(MigrationErrorKind.InvalidConfiguration, "A setting refers to $env:NAME, which is not set.");
    public static MigrationError NoConnectionString { get; } = E(MigrationErrorKind.InvalidConfiguration, "No connection string came from -ConnectionString, $env:PSMIGRATE_CONNECTION_STRING or the config file.");
    public static MigrationError UnknownProvider { get; } = E(MigrationErrorKind.InvalidConfiguration, "The provider is not Sqlite, PostgreSql or SqlServer, or cannot be told from the connection string.");
    public static MigrationError InvalidConnectionString { get; } = E(MigrationErrorKind.InvalidConfiguration, "The connection string (or URL) cannot be read; the message names the forms accepted.");

    // Running
    public static MigrationError ConnectionFailed { get; } = E(MigrationErrorKind.ExecutionFailed, "The database cannot be reached or refused the login.");
    public static MigrationError ConnectionLost { get; } = E(MigrationErrorKind.ExecutionFailed, "The connection broke while a revision ran; the server rolled it back and released the lock.");
    public static MigrationError DatabaseError { get; } = E(MigrationErrorKind.ExecutionFailed, "The database refused one of PSMigrate's own statements (engine tables, version rows, lock).");
    public static MigrationError RevisionFailed { get; } = E(MigrationErrorKind.ExecutionFailed, "A statement of a revision failed; the message names the file and line, and what was rolled back.");
    public static MigrationError ForeignKeyViolation { get; } = E(MigrationErrorKind.ExecutionFailed, "A revision left rows that break a foreign key (SQLite checks before commit); it was rolled back.");
    public static MigrationError LockTimeout { get; } = E(MigrationErrorKind.Timeout, "Another run held the deployment lock for longer than -LockTimeout.");
    public static MigrationError LockWaitTimeout { get; } = E(MigrationErrorKind.Timeout, "A revision waited longer than LockWaitTimeout for a table lock another session holds; it was rolled back.");
    public static MigrationError StatementTimeout { get; } = E(MigrationErrorKind.Timeout, "A statement ran longer than CommandTimeout; the revision was rolled back.");
    public static MigrationError Cancelled { get; } = E(MigrationErrorKind.Cancelled, "The run was stopped (Ctrl+C); the running revision was rolled back.");
    public static MigrationError ConcurrentChange { get; } = E(MigrationErrorKind.ConcurrentChange, "The version table changed under this run; run again to plan from where it is now.");
    public static MigrationError NonTransactionalInRun { get; } = E(MigrationErrorKind.InvalidArgument, "-TransactionScope Run was asked for a plan that holds a 'Transaction: none' revision; nothing ran.");
    public static MigrationError FailedRevisionPending { get; } = E(MigrationErrorKind.ConcurrentChange, "A 'Transaction: none' revision failed halfway earlier; decide with Repair-Migration before running again.");
    public static MigrationError NothingToRepair { get; } = E(MigrationErrorKind.InvalidArgument, "Repair-Migration named a revision that has no failed run waiting for a decision.");
    public static MigrationError UnknownDatabaseRevision { get; } = E(MigrationErrorKind.NotFound, "The version table names a revision no file has.");
    public static MigrationError NoRevisionRunner { get; } = E(MigrationErrorKind.NotSupported, "A .ps1 revision was run outside the PSMigrate module.");

    // Operations in PowerShell revisions
    public static MigrationError NotInRevision { get; } = E(MigrationErrorKind.InvalidArgument, "An operation cmdlet ran outside a PowerShell revision's Upgrade or Downgrade.");
    public static MigrationError InvalidOperation { get; } = E(MigrationErrorKind.InvalidArgument, "An operation's arguments do not make sense (no columns, nothing to change, an action the dialect lacks ...).");
    public static MigrationError InvalidColumn { get; } = E(MigrationErrorKind.InvalidArgument, "A column hashtable has an unknown key, no name or type, or a bad value.");
    public static MigrationError NameTooLong { get; } = E(MigrationErrorKind.InvalidArgument, "A table, column, index or constraint name is longer than the database allows.");
    public static MigrationError SchemaObjectNotFound { get; } = E(MigrationErrorKind.NotFound, "An operation names a table, column or constraint that is not there.");
    public static MigrationError OfflineTableUnknown { get; } = E(MigrationErrorKind.NotSupported, "-Script needs a SQLite table's definition for a rebuild and the script does not know the table.");
    public static MigrationError OfflineQuery { get; } = E(MigrationErrorKind.NotSupported, "A revision reads from the database while -Script renders it.");
    public static MigrationError TypeRequired { get; } = E(MigrationErrorKind.InvalidArgument, "SQL Server changes a column's nullability only together with its type.");

    // Checks
    public static MigrationError DriftDetected { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "Test-Migration -Strict found the database and the folder disagree.");

    // Schema awareness
    public static MigrationError ScratchDatabaseFailed { get; } = E(MigrationErrorKind.ExecutionFailed, "The scratch database for a schema comparison could not be created (the role may not create databases: set DevConnectionString or pass -DevConnectionString).");
    public static MigrationError DesiredSchemaNotFound { get; } = E(MigrationErrorKind.NotFound, "-DesiredSchema names no .sql file, or a folder without .sql files.");
    public static MigrationError DesiredSchemaInvalid { get; } = E(MigrationErrorKind.InvalidArgument, "A desired schema file (-DesiredSchema) failed to load into the scratch database; the error names the file and line. Nothing in the database changed.");
    public static MigrationError InvalidRename { get; } = E(MigrationErrorKind.InvalidArgument, "A -Rename hint is not 'old=new' or 'table.old=new', or names a table or column that is not there.");
    public static MigrationError SchemaDiffers { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "Test-Migration -Strict found the schemas differ (-DesiredSchema, -Schema) or a downgrade that does not restore the schema (-RoundTrip).");
    public static MigrationError DataLossRefused { get; } = E(MigrationErrorKind.InvalidArgument, "A generated revision would drop tables or columns (or narrow a type) and the session cannot ask: pass -AllowDataLoss, or -Rename where it is a rename.");
    public static MigrationError DataLossNeedsForce { get; } = E(MigrationErrorKind.InvalidArgument, "A run would destroy rows that are in the database (a table or column dropped, a table emptied, every row changed, a type narrowed) and the session cannot ask: review it with -WhatIf or Get-MigrationPlan, then pass -Force.");
    public static MigrationError HazardsFound { get; } = E(MigrationErrorKind.InvalidRevisionGraph, "Test-Migration -Lint -Strict found hazards at or above -Severity in the pending steps.");

    // Files
    public static MigrationError FileAccessFailed { get; } = E(MigrationErrorKind.ExecutionFailed, "A file or folder could not be read or written.");
    public static MigrationError FileAccessDenied { get; } = E(MigrationErrorKind.ExecutionFailed, "The operating system refused access to a file or folder.");

    /// <summary>Every entry, in declaration order.</summary>
    public static IReadOnlyList<MigrationError> All { get; } =
        typeof(MigrationErrors).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(MigrationError))
            .Select(p => (MigrationError)p.GetValue(null)!)
            .ToArray();
}
