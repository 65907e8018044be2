namespace PSMigrate.Engine.Providers;

/// <summary>One statement (or T-SQL batch) cut from a section, with the file line it starts on.</summary>
/// <param name="Repeat">How many times to run it: SQL Server's 'GO n'.</param>
public sealed record SqlStatement(string Text, int Line, int Repeat = 1);
