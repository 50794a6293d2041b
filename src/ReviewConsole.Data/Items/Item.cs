using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Data.Workflows;

namespace ReviewConsole.Data.Items;

/// <summary>One case to decide. The decision lives on the item: label, source, who and when.</summary>
public sealed class Item
{
    public long Id { get; set; }
    public int WorkflowId { get; set; }
    public Workflow? Workflow { get; set; }
    public required string ExternalId { get; set; }
    public required string Features { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When the item happened, as the client says (default: when received). Drift is measured over it.</summary>
    public DateTimeOffset OccurredAt { get; set; }
    public required string Route { get; set; }
    public required string Status { get; set; }
    public string? DecisionLabel { get; set; }
    public string? DecisionSource { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> builder)
    {
        builder.Property(i => i.ExternalId).HasMaxLength(200);
        builder.Property(i => i.Features).HasColumnType("jsonb");
        builder.Property(i => i.Route).HasMaxLength(16);
        builder.Property(i => i.Status).HasMaxLength(16);
        builder.Property(i => i.DecisionLabel).HasMaxLength(200);
        builder.Property(i => i.DecisionSource).HasMaxLength(16);
        builder.Property(i => i.DecidedBy).HasMaxLength(256);
        // The idempotency key of ingest.
        builder.HasIndex(i => new { i.WorkflowId, i.ExternalId }).IsUnique();
        builder.HasIndex(i => new { i.WorkflowId, i.ReceivedAt });
        // Drift windows are over event time.
        builder.HasIndex(i => new { i.WorkflowId, i.OccurredAt });
        builder.HasOne(i => i.Workflow).WithMany().HasForeignKey(i => i.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }
}
