namespace PSMigrate;

/// <summary>What Set-MigrationVersion changed in the version table.</summary>
public sealed record MigrationVersionChange(RevisionIds HeadsBefore, RevisionIds HeadsAfter);
