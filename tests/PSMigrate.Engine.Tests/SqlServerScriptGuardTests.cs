using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>Offline SQL Server scripts for the tests, planned from base without a server.</summary>
internal static class SqlServerScripts
{
    public static string Upgrade(params (string Id, string? Parent, string Up, string Down)[] revisions)
    {
        var graph = RevisionGraph.Build(revisions.Select(r => RevisionFileParser.Parse($"/v/{r.Id}.sql",
            $"-- Revision ID: {r.Id}\n-- Revises: {r.Parent}\n-- Message: {r.Id}\n\n-- migrate:upgrade\n{r.Up}\n\n-- migrate:downgrade\n{r.Down}\n")), "/v");
        var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), "/", "/", null, null, ProviderKind.SqlServer, connectionOptional: true);
        return string.Join("\n", new Migrator(graph, database).Script(MigrationDirection.Upgrade, "heads", "base"));
    }
}

/// <summary>
/// An offline T-SQL script must never half-apply, however it is run: sqlcmd without -b, SSMS,
/// Azure Data Studio and Invoke-Sqlcmd all go on to the next batch after a failed one. The
/// script's batches are played through a model of SQL Server's rules (a compile error skips
/// its batch and leaves the transaction open; a runtime error under XACT_ABORT rolls it back;
/// @@ERROR and XACT_STATE() as the next batch sees them; SET NOEXEC ON compiles without
/// running), failing each batch in turn both ways: no version row of the failed revision or any
/// later one may be committed, and no statement after the failure may run.
/// </summary>
public sealed class SqlServerScriptGuardTests
{
    private static readonly (string, string?, string, string)[] Revisions =
    [
        ("aaa111", null, "CREATE TABLE dbo.a (id INT);\nGO\nINSERT INTO dbo.a VALUES (1);", "DROP TABLE dbo.a;"),
        ("bbb222", "aaa111", "CREATE TABLE dbo.b (id INT);\nGO\nCREATE VIEW dbo.v AS SELECT id FROM dbo.b;\nGO 2", "DROP VIEW dbo.v;\nGO\nDROP TABLE dbo.b;"),
        ("ccc333", "bbb222", "INSERT INTO dbo.b VALUES (2);", "DELETE FROM dbo.b;"),
    ];

    [Fact]
    public void EveryBatchThatCanFailIsFollowedByAGuardThatStopsTheScript()
    {
        var batches = Batches(SqlServerScripts.Upgrade(Revisions));
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        for (var i = 0; i < batches.Count; i++)
        {
            parser.Parse(new StringReader(batches[i].Text), out var errors);
            Assert.True(errors.Count == 0, $"batch {i}: {string.Join("; ", errors.Select(e => e.Message))}\n{batches[i].Text}");
            if (!batches[i].IsGuard && !batches[i].IsCommentOnly)
            {
                Assert.True(i + 1 < batches.Count && batches[i + 1].IsGuard, $"batch {i} is not followed by a guard:\n{batches[i].Text}");
            }
        }

        var guard = (IfStatement)((TSqlScript)parser.Parse(new StringReader(batches.First(b => b.IsGuard && b.Code.Contains("XACT_STATE")).Code), out _)).Batches[0].Statements[0];
        Assert.Contains(((BeginEndBlockStatement)guard.ThenStatement).StatementList.Statements, s => s is PredicateSetStatement { Options: SetOptions.NoExec, IsOn: true });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AFailedBatchNeverLetsALaterVersionRowCommit(bool compileError)
    {
        var batches = Batches(SqlServerScripts.Upgrade(Revisions));
        var work = Enumerable.Range(0, batches.Count).Where(i => !batches[i].IsGuard && !batches[i].IsCommentOnly).ToList();
        Assert.True(work.Count > 15, $"{work.Count} batches");
        foreach (var failing in work)
        {
            var run = Play(batches, failing, compileError);
            var failedRevision = batches[failing].Revision;
            Assert.True(run.Executed.All(i => i < failing), $"batch {failing} failed, yet batch {run.Executed.FirstOrDefault(i => i >= failing)} ran");
            Assert.DoesNotContain(run.CommittedVersionRows, r => failedRevision is null || string.CompareOrdinal(r, failedRevision) >= 0);
        }
    }

    [Fact]
    public void WithoutTheGuardsTheSameFailuresHalfApply()
    {
        // The model itself is not lenient: the same script with its guards removed commits the
        // version rows of a failed revision (runtime error: autocommit; compile error: the open transaction).
        var batches = Batches(SqlServerScripts.Upgrade(Revisions)).Where(b => !b.IsGuard).ToList();
        var create = batches.FindIndex(b => b.Code.StartsWith("CREATE TABLE dbo.b", StringComparison.Ordinal));
        Assert.Contains("bbb222", Play(batches, create, compileError: false).CommittedVersionRows);
        Assert.Contains("bbb222", Play(batches, create, compileError: true).CommittedVersionRows);
    }

    private sealed record Batch(string Text, string? Revision)
    {
        /// <summary>The batch without its comment lines.</summary>
        public string Code => string.Join('\n', Text.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

        public bool IsGuard => Code.StartsWith("IF @@ERROR <> 0", StringComparison.Ordinal);

        public bool IsCommentOnly => Code.Length == 0;

        public string? VersionRow => Regex.Match(Text, @"^(INSERT INTO|UPDATE) \[psmigrate_version\].*N'(?<id>\w+)'", RegexOptions.Multiline) is { Success: true } m ? m.Groups["id"].Value : null;
    }

    private sealed record Run(List<int> Executed, List<string> CommittedVersionRows);

    /// <summary>The script cut at GO lines; each batch knows the revision whose block it is in.</summary>
    private static List<Batch> Batches(string script)
    {
        var batches = new List<Batch>();
        string? revision = null;
        var current = new List<string>();
        foreach (var line in script.Split('\n'))
        {
            if (Regex.Match(line, @"^-- Upgrade (\w+):") is { Success: true } header)
            {
                revision = header.Groups[1].Value;
            }

            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                batches.Add(new Batch(string.Join('\n', current).Trim(), revision));
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        return batches;
    }

    private static Run Play(IReadOnlyList<Batch> batches, int failing, bool compileError)
    {
        var (transactions, noExec, error) = (0, false, false);
        var pending = new List<string>();
        var run = new Run([], []);
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (noExec || batch.IsCommentOnly)
            {
                continue;
            }

            if (batch.IsGuard)
            {
                var failed = error || (batch.Text.Contains("XACT_STATE() <> 1", StringComparison.Ordinal) && transactions == 0);
                if (failed)
                {
                    (transactions, noExec) = (0, true);
                    pending.Clear();
                }

                error = false;
                continue;
            }

            if (i == failing)
            {
                error = true;
                if (!compileError)
                {
                    // XACT_ABORT: the whole transaction is rolled back.
                    transactions = 0;
                    pending.Clear();
                }

                continue;
            }

            run.Executed.Add(i);
            error = false;
            if (batch.Code.StartsWith("BEGIN TRANSACTION", StringComparison.Ordinal))
            {
                transactions++;
            }
            else if (batch.Code.StartsWith("COMMIT TRANSACTION", StringComparison.Ordinal))
            {
                if (transactions == 0)
                {
                    error = true;
                    continue;
                }

                transactions--;
                run.CommittedVersionRows.AddRange(pending);
                pending.Clear();
            }
            else if (batch.VersionRow is { } row)
            {
                (transactions > 0 ? pending : run.CommittedVersionRows).Add(row);
            }
        }

        return run;
    }
}
