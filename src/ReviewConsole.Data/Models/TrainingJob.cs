using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Models;

/// <summary>A training run, off the request path. At most one queued or running job per workflow (a unique index says so).</summary>
public sealed class TrainingJob
{
    public Guid Id { get; set; }
    public int WorkflowId { get; set; }
    public required string Status { get; set; }
    public required string Stage { get; set; }
    public double Progress { get; set; }
    public string? Message { get; set; }
    public int? ModelVersionId { get; set; }
    public string? Options { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class TrainingJobConfiguration : IEntityTypeConfiguration<TrainingJob>
{
    public void Configure(EntityTypeBuilder<TrainingJob> builder)
    {
        builder.Property(j => j.Status).HasMaxLength(16);
        builder.Property(j => j.Stage).HasMaxLength(32);
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.Options).HasColumnType("jsonb");
        builder.Property(j => j.RequestedBy).HasMaxLength(256);
        builder.HasIndex(j => j.WorkflowId).IsUnique().HasFilter("status IN ('queued', 'running')").HasDatabaseName("ix_training_jobs_active");
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
    }
}
