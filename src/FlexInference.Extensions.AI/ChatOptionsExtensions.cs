using System;
using Microsoft.Extensions.AI;

namespace FlexInference.Extensions.AI;

/// <summary>FlexInference settings on <see cref="ChatOptions"/>.</summary>
public static class ChatOptionsExtensions
{
    /// <summary>
    /// Sets the call's <c>start_within</c> (stored in <see cref="ChatOptions.AdditionalProperties"/> under
    /// <see cref="FlexInferenceChatKeys.StartWithin"/>); it wins over the chat client's default.
    /// </summary>
    /// <param name="options">The options to change; returned for chaining.</param>
    /// <param name="startWithin">A tier word or a duration, for example <c>StartWithin.Within(TimeSpan.FromSeconds(30))</c>.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <example><c>var options = new ChatOptions().WithStartWithin(StartWithin.Within(TimeSpan.FromSeconds(30)));</c></example>
    public static ChatOptions WithStartWithin(this ChatOptions options, StartWithin startWithin)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[FlexInferenceChatKeys.StartWithin] = startWithin;
        return options;
    }

    /// <summary>
    /// The <c>start_within</c> set on these options (a <see cref="StartWithin"/>, or a string the router would accept),
    /// or null. An invalid string gives null here; sent, it is refused by the client's validation with its message.
    /// </summary>
    /// <param name="options">The options to read; null gives null.</param>
    public static StartWithin? GetStartWithin(this ChatOptions? options) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(FlexInferenceChatKeys.StartWithin, out object? value)
            ? value switch
            {
                StartWithin startWithin => startWithin,
                string text when StartWithin.Validate(text) is null => StartWithin.Parse(text),
                _ => null,
            }
            : null;
}
