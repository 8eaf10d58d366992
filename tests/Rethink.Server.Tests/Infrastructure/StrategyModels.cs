using Microsoft.Extensions.AI;
using Rethink.Strategies;

namespace Rethink.Server.Tests.Infrastructure;

/// <summary>Served strategy models built the way <c>rethink serve</c> builds them: through <see cref="StrategyPipeline"/>.</summary>
public static class StrategyModels
{
    public static ServedModel Create(
        string name,
        IChatClient provider,
        string strategy,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<string>? allowOverrides = null,
        StrategyChatClientOptions? options = null)
    {
        var pipeline = StrategyPipeline.Create(provider, strategy, settings, allowOverrides, options);
        return new ServedModel
        {
            Name = name,
            Client = pipeline.Default,
            PipelineFactory = pipeline.WithOverrides,
            AllowOverrides = pipeline.AllowOverrides,
            RunsStrategy = true,
        };
    }
}
