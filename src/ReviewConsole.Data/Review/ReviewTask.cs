using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReviewConsole.Data.Items;

namespace ReviewConsole.Data.Review;

/// <summary>
/// An item in front of humans. Leased to one reviewer at a time; a lease past its expiry is
/// claimable again at once (the claim query treats it as waiting).
/// </summary>
public sealed class ReviewTask
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public Item? Item { get; set; }
    public int WorkflowId { get; set; }
    public required string Reason { get; set; }
    public int Priority { get; set; }
    public bool ShowSuggestion { get; set; }

    /// <summary>The routing model's label when the task was made: agreement is measured against it.</summary>
    public string? ModelLabel { get; set; }

    public double? ModelConfidence { get; set; }
    public string? ModelVersion { get; set; }

    /// <summary>
    /// The ranked labels shown with the suggestion (JSON: label, rank, and the version that proposed it, which is never
    /// shown); null when none is shown (shadow, blind audits).
    /// </summary>
    public string? Suggestions { get; set; }

    public required string Status { get; set; }
    public Guid? LeaseToken { get; set; }
    public string? LeasedBy { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public string[] SkippedBy { get; set; } = [];
    public string? EscalationNote { get; set; }
    public string? Label { get; set; }
    public string? LabeledBy { get; set; }
    public DateTimeOffset? LabeledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The item's event time, so agreement drift counts labels by when their items happened.</summary>
    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class ReviewTaskConfiguration : IEntityTypeConfiguration<ReviewTask>
{
    public void Configure(EntityTypeBuilder<ReviewTask> builder)
    {
        builder.Property(t => t.Reason).HasMaxLength(32);
        builder.Property(t => t.ModelLabel).HasMaxLength(200);
        builder.Property(t => t.ModelVersion).HasMaxLength(100);
        builder.Property(t => t.Status).HasMaxLength(16);
        builder.Property(t => t.Suggestions).HasColumnType("jsonb");
        builder.Property(t => t.LeasedBy).HasMaxLength(256);
        builder.Property(t => t.EscalationNote).HasMaxLength(2000);
        builder.Property(t => t.Label).HasMaxLength(200);
        builder.Property(t => t.LabeledBy).HasMaxLength(256);
        // The claim query's path: open tasks of a workflow in serving order.
        builder.HasIndex(t => new { t.WorkflowId, t.Priority, t.CreatedAt, t.Id })
            .IsDescending(false, true, false, false)
            .HasFilter("status <> 'done'")
            .HasDatabaseName("ix_review_tasks_queue");
        // "Does this reviewer already hold a lease?" is asked on every claim.
        builder.HasIndex(t => new { t.WorkflowId, t.LeasedBy }).HasFilter("status = 'leased'").HasDatabaseName("ix_review_tasks_leases");
        builder.HasIndex(t => new { t.WorkflowId, t.LabeledAt });
        builder.HasIndex(t => t.ItemId);
        // Agreement drift: labelled tasks of a workflow by their items' event time.
        builder.HasIndex(t => new { t.WorkflowId, t.OccurredAt }).HasFilter("status = 'done'").HasDatabaseName("ix_review_tasks_done_by_event_time");
        builder.HasOne(t => t.Item).WithMany().HasForeignKey(t => t.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
