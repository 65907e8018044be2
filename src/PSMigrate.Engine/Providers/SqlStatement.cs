namespace PSMigrate.Engine.Providers;

/// <summary>One statement cut from a section, with the file line it starts on.</summary>
public sealed record SqlStatement(string Text, int Line);
