using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>One database's share of a command: the database, where its output goes, what runs its .ps1 revisions, and when to stop.</summary>
internal sealed record DatabaseRun(DatabaseTarget Database, CommandOutput Output, IRevisionRunner Runner, CancellationToken Stop);
