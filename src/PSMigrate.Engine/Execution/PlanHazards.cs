using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Hazards;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>A plan step with the statements the executor rendered for it (as -Script writes them).</summary>
internal sealed record RenderedStep(MigrationStep Step, IReadOnlyList<PlannedStatement> Statements, string Script);

/// <summary>
/// The hazards of a rendered plan: the dialect's static rules, counts from the live database,
/// and with -Analyze the locks and rewrites each step really takes, measured in a scratch
/// database at the step's starting revision inside a transaction that is rolled back.
/// </summary>
internal sealed class PlanHazards(RevisionGraph graph, DatabaseTarget database, IRevisionRunner? runner, SplitSections sections)
{
    public string? DevConnectionString { get; init; }

    public IReadOnlyList<PlannedMigrationStep> Assess(MigrationPlan plan, IReadOnlyList<RenderedStep> steps, DatabaseSession? live, bool analyze,
        MigrationObserver observer, CancellationToken cancellation)
    {
        var rules = database.Provider.CreateHazardRules();
        var findings = steps.Select(s => rules.Find(s.Statements)).ToList();
        var measured = analyze ? Measure(plan, steps, observer, cancellation) : new IReadOnlyList<MeasuredEffect>?[steps.Count];
        var facts = new LiveFacts(live);
        var planned = new List<PlannedMigrationStep>(steps.Count);
        for (var index = 0; index < steps.Count; index++)
        {
            var (step, statements, script) = steps[index];
            var hazards = new List<MigrationHazard>();
            foreach (var finding in findings[index].Hazards.Where(f => measured[index] is null || f.Kind != HazardKind.Rewrite))
            {
                hazards.Add(Counted(finding, facts));
            }

            hazards.AddRange(findings[index].Checks.SelectMany(c => Checked(c, facts)));
            hazards.AddRange((measured[index] ?? []).Select(e => Measured(e, step, facts)));
            hazards.AddRange(OfTheRevision(step));
            planned.Add(new PlannedMigrationStep(step.Revision.Revision, step.Revision.Message, step.Direction.ToString(), step.Revision.Transaction, step.Revision.Path,
                statements, hazards.Select(h => h with { Revision = step.Revision.Revision, Direction = step.Direction.ToString(), Database = database.Name, Path = h.Path ?? step.Revision.Path })
                    .OrderBy(h => h.KindValue == HazardKind.DataLoss ? 0 : 1).ThenByDescending(h => h.SeverityValue).ThenBy(h => h.Line ?? int.MaxValue).ToList())
            {
                Script = script,
                HeadsBefore = step.HeadsBefore.ToArray(),
                HeadsAfter = step.HeadsAfter.ToArray(),
                Database = database.Name,
            });
        }

        return planned;
    }

    private static MigrationHazard Counted(HazardFinding finding, LiveFacts facts)
    {
        var rows = finding.Count is { } what ? facts.Count(what) : null;
        var detail = (finding.Kind, rows) switch
        {
            (_, null) when finding.Count is null => finding.Action,
            (HazardKind.DataLoss, { } n) => $"{finding.Action} ({LiveFacts.Rows(n)} {finding.Count!.Unit})",
            (HazardKind.DataLoss, null) => $"{finding.Action} ({(facts.HasDatabase ? "not in the database now, so nothing counted" : "no database to count in yet")})",
            (HazardKind.Rebuild, { } n) => $"{finding.Action} ({LiveFacts.Rows(n)} rows copied)",
            (_, { } n) => $"{finding.Action} ({LiveFacts.Rows(n)} rows in {finding.Count!.Table.Display})",
            _ => finding.Action,
        };
        return new MigrationHazard(finding.Kind, finding.Severity, finding.Rule, finding.Object, detail)
        {
            Rows = rows,
            Path = finding.Statement?.Path,
            Line = finding.Statement?.Line,
            Statement = finding.Statement is { } s ? StatementRedaction.OneLine(s.Sql, 160) : null,
        };
    }

    /// <summary>What only the live schema settles: whether a type change narrows, which columns a rebuild leaves out.</summary>
    private IEnumerable<MigrationHazard> Checked(LiveCheck check, LiveFacts facts)
    {
        if (facts.Table(check.Table) is not { } table)
        {
            yield break;
        }

        switch (check)
        {
            case TypeChangeCheck change when table.Columns.FirstOrDefault(c => c.Name.Equals(change.Column.Last, StringComparison.OrdinalIgnoreCase)) is { } column &&
                                             !SchemaText.Widens(column.Type, change.NewType):
                var name = $"{check.Table.Display}.{change.Column.Display}";
                yield return Counted(new HazardFinding(HazardKind.DataLoss, HazardSeverity.Critical, "narrowing-type", name,
                    $"changes {name} from {column.Type} to {change.NewType}, which can cut values or fail on them", check.Statement)
                    { Count = new RowCount(check.Table, change.Column) }, facts);
                break;
            case RebuildCheck { Copied: { } copied }:
                foreach (var lost in table.Columns.Where(c => !copied.Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
                {
                    var column = $"{check.Table.Display}.{lost.Name}";
                    yield return Counted(new HazardFinding(HazardKind.DataLoss, HazardSeverity.Critical, "drop-column", column,
                        $"drops column {column} (the rebuild does not copy it)", check.Statement)
                        { Count = new RowCount(check.Table, new WrittenName(database.Provider.Dialect.QuoteIdentifier(lost.Name), lost.Name, lost.Name)) }, facts);
                }

                break;
        }
    }

    private MigrationHazard Measured(MeasuredEffect effect, MigrationStep step, LiveFacts facts)
    {
        var table = new WrittenName(database.Provider.Dialect.QuoteIdentifier(effect.Table), effect.Table, effect.Table);
        var rows = facts.Count(new RowCount(table));
        return new MigrationHazard(effect.Kind, HazardSeverity.Warning, effect.Kind == HazardKind.Lock ? "measured-lock" : "measured-rewrite", effect.Table,
            $"{effect.Detail} (measured in a scratch database{(rows is { } n ? $"; {LiveFacts.Rows(n)} rows in {effect.Table} now" : string.Empty)})")
        {
            Rows = rows,
            Measured = true,
            Path = step.Revision.Path,
        };
    }

    /// <summary>Hazards of the revision as a whole: no transaction, no way back.</summary>
    private IEnumerable<MigrationHazard> OfTheRevision(MigrationStep step)
    {
        var revision = step.Revision;
        if (revision.TransactionMode == TransactionMode.None)
        {
            yield return new MigrationHazard(HazardKind.NonTransactional, HazardSeverity.Warning, "non-transactional", revision.Revision,
                $"revision {revision.Revision} runs without a transaction ('Transaction: none'): if a statement fails, the ones before it stay applied and Repair-Migration is needed");
        }

        if (step.Direction == MigrationDirection.Upgrade && revision.DownRevision.Count <= 1 && HasEmptyDowngrade(revision))
        {
            yield return new MigrationHazard(HazardKind.Irreversible, HazardSeverity.Info, "irreversible", revision.Revision,
                $"revision {revision.Revision} has an empty downgrade: Undo-Migration would move the version rows back without undoing anything");
        }
    }

    private bool HasEmptyDowngrade(MigrationRevision revision) => revision.Format == RevisionKind.Sql
        ? sections.Of(revision, MigrationDirection.Downgrade).All(s => s.IsClientCommand)
        : runner?.IsEmpty(revision, MigrationDirection.Downgrade) ?? false;

    /// <summary>
    /// Each step's statements run in a scratch database brought to the plan's starting heads:
    /// inside a transaction, measured, rolled back; then run again and committed so the next
    /// step starts where it would. Null for a step that was not measured.
    /// </summary>
    private IReadOnlyList<MeasuredEffect>?[] Measure(MigrationPlan plan, IReadOnlyList<RenderedStep> steps, MigrationObserver observer, CancellationToken cancellation)
    {
        var results = new IReadOnlyList<MeasuredEffect>?[steps.Count];
        if (steps.Count == 0)
        {
            return results;
        }

        if (!database.Provider.CanMeasureSteps)
        {
            observer.Warning($"-Analyze measures locks and rewrites on PostgreSQL only; on {database.Kind} the hazards come from the static rules.");
            return results;
        }

        var inspector = new SchemaInspector(graph, database, runner) { Progress = observer.Progress, DevConnectionString = DevConnectionString ?? database.DevConnectionString };
        inspector.WithScratch(scratch =>
        {
            var replay = new Migrator(graph, scratch, runner);
            foreach (var head in plan.HeadsBefore)
            {
                observer.Progress($"Replaying the revisions up to {head} in the scratch database.");
                replay.Run(MigrationTarget.Upgrade(head), cancellation: cancellation);
            }

            using var session = DatabaseSession.Open(scratch, cancellation);
            for (var index = 0; index < steps.Count; index++)
            {
                var (step, statements, _) = steps[index];
                try
                {
                    if (step.Revision.TransactionMode == TransactionMode.None)
                    {
                        observer.Warning($"-Analyze: revision {step.Revision.Revision} runs without a transaction, so its locks cannot be held for measuring; its hazards come from the static rules.");
                        Send(session, statements);
                        continue;
                    }

                    observer.Progress($"Measuring {step} in the scratch database.");
                    session.Begin();
                    try
                    {
                        results[index] = database.Provider.Measure(session.Connection, session.Transaction!, () => Send(session, statements));
                    }
                    finally
                    {
                        session.Rollback();
                    }

                    if (index < steps.Count - 1)
                    {
                        session.Begin();
                        Send(session, statements);
                        session.Commit();
                    }
                }
                catch (Exception error) when (DatabaseSession.IsDriverError(error))
                {
                    session.Rollback();
                    observer.Warning($"-Analyze could not run {step} in the scratch database ({database.Provider.Describe(error, session.Connection).Message.TrimEnd('.')}); " +
                                     "this step and the ones after it have the static rules' hazards only.");
                    break;
                }
            }

            return true;
        }, cancellation);
        return results;
    }

    private static void Send(DatabaseSession session, IEnumerable<PlannedStatement> statements)
    {
        foreach (var statement in statements)
        {
            if (statement.CopyData is { } data)
            {
                session.Copy(statement.Sql, data);
            }
            else
            {
                session.Execute(statement.Sql);
            }
        }
    }
}
