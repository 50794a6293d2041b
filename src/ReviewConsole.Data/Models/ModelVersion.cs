using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReviewConsole.Data.Models;

/// <summary>
/// An immutable model version of a workflow: a built-in one carries its artifact (featurizer, weights,
/// temperature), metrics and model card; an external one is registered from the modelVersion clients send.
/// </summary>
public sealed class ModelVersion
{
    public int Id { get; set; }
    public int WorkflowId { get; set; }
    public required string Version { get; set; }
    public required string Kind { get; set; }
    public string? Artifact { get; set; }
    public string? Metrics { get; set; }
    public string? Card { get; set; }
    public DateTimeOffset? TrainedFrom { get; set; }
    public DateTimeOffset? TrainedTo { get; set; }
    public int TrainRows { get; set; }
    public int HoldoutRows { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.Property(m => m.Version).HasMaxLength(100);
        builder.Property(m => m.Kind).HasMaxLength(16);
        builder.Property(m => m.Metrics).HasColumnType("jsonb");
        builder.Property(m => m.Card).HasColumnType("jsonb");
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
        builder.HasIndex(m => new { m.WorkflowId, m.Version }).IsUnique();
    }
}
