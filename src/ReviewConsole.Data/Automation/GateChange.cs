using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Automation;

/// <summary>A change of a workflow's gate overrides; append-only: who, when, why, and the overrides before and after.</summary>
public sealed class GateChange
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public required string Actor { get; set; }
    public required string Justification { get; set; }

    /// <summary>The overrides before and after (JSON; null: the defaults).</summary>
    public string? FromOverrides { get; set; }
    public string? ToOverrides { get; set; }

    /// <summary>True when the change set a gate below product.md's default, which only an admin may do.</summary>
    public bool BelowDefaults { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class GateChangeConfiguration : IEntityTypeConfiguration<GateChange>
{
    public void Configure(EntityTypeBuilder<GateChange> builder)
    {
        builder.Property(c => c.Actor).HasMaxLength(256);
        builder.Property(c => c.Justification).HasMaxLength(4000);
        builder.Property(c => c.FromOverrides).HasColumnType("jsonb");
        builder.Property(c => c.ToOverrides).HasColumnType("jsonb");
        builder.HasIndex(c => new { c.WorkflowId, c.At });
    }
}
