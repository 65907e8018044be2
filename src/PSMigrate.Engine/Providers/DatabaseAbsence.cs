namespace PSMigrate.Engine.Providers;

/// <summary>A database that is not there: whether a first upgrade can create it, and what to tell the user.</summary>
public sealed record DatabaseAbsence(bool CanBeCreated, string Message);
