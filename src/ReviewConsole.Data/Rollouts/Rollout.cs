using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Rollouts;

/// <summary>
/// Bringing a model version into production by a strategy (single deployment first; shadow, canary and blue-green
/// follow on the same row). At most one rollout per workflow is running or paused; its state changes by
/// conditional updates only.
/// </summary>
public sealed class Rollout
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public required string Strategy { get; set; }
    public required string Status { get; set; }
    public required string Challenger { get; set; }

    /// <summary>The champion when the rollout started: what a rollback returns to.</summary>
    public string? Champion { get; set; }

    public required string Justification { get; set; }
    public required string StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Until when the replaced champion stays warm for a one-click rollback.</summary>
    public DateTimeOffset? RollbackUntil { get; set; }

    /// <summary>The strategy's settings as requested (JSON).</summary>
    public string? Settings { get; set; }

    /// <summary>A canary's position on its ramp (an index into its steps) and when that step began.</summary>
    public int Step { get; set; }

    public DateTimeOffset? StepStartedAt { get; set; }

    /// <summary>Items the challenger's share should have had decided by it that came without its prediction (the champion's decided them).</summary>
    public long Fallbacks { get; set; }
}

/// <summary>One step of a rollout's ledger; append-only: what happened, who (or "automatic"), why, the evidence then.</summary>
public sealed class RolloutEntry
{
    public long Id { get; set; }
    public long RolloutId { get; set; }
    public int WorkflowId { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }
    public required string Reason { get; set; }
    public string? Evidence { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<Rollout>
{
    public void Configure(EntityTypeBuilder<Rollout> builder)
    {
        builder.Property(r => r.Strategy).HasMaxLength(16);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.Challenger).HasMaxLength(100);
        builder.Property(r => r.Champion).HasMaxLength(100);
        builder.Property(r => r.Justification).HasMaxLength(4000);
        builder.Property(r => r.StartedBy).HasMaxLength(256);
        builder.Property(r => r.Settings).HasColumnType("jsonb");
        // One rollout in progress per workflow, enforced by the database.
        builder.HasIndex(r => r.WorkflowId).IsUnique().HasFilter("status IN ('running', 'paused')").HasDatabaseName("ix_rollouts_active");
        builder.HasIndex(r => new { r.WorkflowId, r.StartedAt });
    }
}

internal sealed class RolloutEntryConfiguration : IEntityTypeConfiguration<RolloutEntry>
{
    public void Configure(EntityTypeBuilder<RolloutEntry> builder)
    {
        builder.Property(e => e.Action).HasMaxLength(16);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(4000);
        builder.Property(e => e.Evidence).HasColumnType("jsonb");
        builder.HasIndex(e => e.RolloutId);
        builder.HasIndex(e => new { e.WorkflowId, e.At });
    }
}
