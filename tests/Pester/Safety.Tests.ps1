# -WhatIf and -Script change nothing; bad input stops with an id, a place, and an unchanged database.
BeforeAll {
    . $PSScriptRoot/PSMigrate.TestHelpers.ps1
}

Describe 'Commands that only look' {
    BeforeAll {
        $project = New-TutorialProject
    }

    AfterAll {
        Remove-TutorialProject $project
    }

    It 'creates no database with -WhatIf' {
        Invoke-MigrationUpgrade -Path $project.Path -WhatIf
        [System.IO.File]::Exists($project.Database) | Should -BeFalse
    }

    It 'writes the whole plan as SQL with -Script and creates no database' {
        $sql = (Invoke-MigrationUpgrade -Path $project.Path -Script) -join "`n"
        $sql | Should -Match 'CREATE TABLE employees'
        $sql | Should -Match 'INSERT INTO ("main"\.)?"psmigrate_history"'
        [System.IO.File]::Exists($project.Database) | Should -BeFalse
    }

    It 'warns that a SQLite file is not there rather than reading it as empty' {
        $missing = [System.IO.Path]::Combine($project.Root, 'mistyped.db')
        $history = @(Get-MigrationHistory -Path $project.Path -ConnectionString "Data Source=$missing" -WarningVariable warned -WarningAction SilentlyContinue)
        $history.Count | Should -Be 5
        "$warned" | Should -Match 'does not exist yet'
        [System.IO.File]::Exists($missing) | Should -BeFalse
    }

    It 'leaves the database as it was after Undo-Migration -WhatIf' {
        $null = Invoke-MigrationUpgrade -Path $project.Path
        Undo-Migration -Path $project.Path -Target base -WhatIf
        Get-TestHeads $project.Database | Should -Be $project.Ids[4]
    }
}

Describe 'Errors' {
    BeforeAll {
        $project = New-TutorialProject
        $null = Invoke-MigrationUpgrade -Path $project.Path
    }

    AfterAll {
        Remove-TutorialProject $project
    }

    It 'stops a failing revision with its id, file and line, and rolls it back whole' {
        $broken = New-MigrationRevision -Path $project.Path -Message 'broken' -UpgradeSql "CREATE TABLE audit (id INTEGER);`nINSERT INTO no_such_table VALUES (1);" -DowngradeSql 'DROP TABLE audit;'
        { Invoke-MigrationUpgrade -Path $project.Path } | Should -Throw -ErrorId 'PSMigrate.RevisionFailed'
        try { Invoke-MigrationUpgrade -Path $project.Path } catch { $failure = $_ }
        $failure.Exception.Message | Should -Match ([regex]::Escape($broken.Path) + ':\d+')
        $failure.Exception.Message | Should -Match 'no_such_table'
        $failure.TargetObject | Should -Be $broken.Path
        Get-TestTables $project.Database | Should -Not -Contain 'audit'
        Get-TestHeads $project.Database | Should -Be $project.Ids[4]
        [System.IO.File]::Delete($broken.Path)
    }

    It 'names an unknown target' {
        { Invoke-MigrationUpgrade -Path $project.Path -Target 'nope' } | Should -Throw -ErrorId 'PSMigrate.UnknownTarget'
    }

    It 'says a migrations folder does not exist' {
        { Get-MigrationHistory -Path ([System.IO.Path]::Combine($project.Root, 'nope')) -ErrorAction Stop } | Should -Throw -ErrorId 'PSMigrate.MigrationsFolderNotFound'
    }

    It 'refuses a SQLite file in a folder that does not exist' {
        $nowhere = [System.IO.Path]::Combine($project.Root, 'no-folder', 'x.db')
        { Get-MigrationHistory -Path $project.Path -ConnectionString "Data Source=$nowhere" -ErrorAction Stop } | Should -Throw -ErrorId 'PSMigrate.DatabaseNotFound'
    }

    It 'reports drift with -Strict and returns false with -Quiet' {
        $file = (Get-MigrationRevision -Path $project.Path -Revision $project.Ids[0]).Path
        [System.IO.File]::AppendAllText($file, "`n-- edited after it was applied`n")
        Test-Migration -Path $project.Path -Quiet | Should -BeFalse
        { Test-Migration -Path $project.Path -Strict } | Should -Throw -ErrorId 'PSMigrate.DriftDetected'
    }
}

Describe 'Knowing before running' {
    BeforeAll {
        $project = New-TutorialProject
        $null = Invoke-MigrationUpgrade -Path $project.Path
    }

    AfterAll {
        Remove-TutorialProject $project
    }

    It 'plans a downgrade to base with the rows each dropped table holds, and changes nothing' {
        $plan = @(Get-MigrationPlan -Path $project.Path -Target base -Downgrade)
        $plan.Count | Should -Be 5
        $losses = @($plan | ForEach-Object Hazards | Where-Object { $_.Kind -eq 'DataLoss' -and $_.Rows -gt 0 })
        $losses.Count | Should -BeGreaterOrEqual 1
        $losses[0].Detail | Should -Match '^drops table \w+ \([\d,]+ rows\)$'
        Get-TestHeads $project.Database | Should -Be $project.Ids[4]
    }

    It 'lints the pending steps and fails -Strict on a statement without WHERE' {
        $null = New-MigrationRevision -Path $project.Path -Message 'empty it' -UpgradeSql 'DELETE FROM employees;' -DowngradeSql ''
        @(Test-Migration -Path $project.Path -Lint).Kind | Should -Contain 'DataLoss'
        { Test-Migration -Path $project.Path -Lint -Strict } | Should -Throw -ErrorId 'PSMigrate.HazardsFound'
        Get-TestHeads $project.Database | Should -Be $project.Ids[4]
    }
}
