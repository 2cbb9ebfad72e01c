namespace FlexInference.Internal;

/// <summary>The endpoint family a call goes to: it decides the required fields and the error envelope.</summary>
internal enum ApiSurface
{
    Responses,
    ChatCompletions,
    Interactions,
    Messages,
    Models,
    Limits,
}
