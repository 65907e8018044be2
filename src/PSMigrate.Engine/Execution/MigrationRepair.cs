namespace PSMigrate;

/// <summary>What Repair-Migration recorded: which revision, which decision, and the version rows before and after.</summary>
public sealed record MigrationRepair(string Revision, string Decision, string Direction, RevisionIds HeadsBefore, RevisionIds HeadsAfter);
