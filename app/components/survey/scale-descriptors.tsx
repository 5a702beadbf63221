import type { Choice } from "~/domain/survey-json";

/**
 * The descriptors of a scale whose points cannot each carry a hint (a matrix's columns): one list,
 * "Yes: …", "No: …". Points without a descriptor are left out; with none at all it renders nothing.
 */
export function ScaleDescriptors({ choices, id }: { choices: Choice[]; id?: string }) {
  const described = choices.filter((choice) => choice.description);
  if (described.length === 0) return null;
  return (
    <ul id={id} className="govuk-list govuk-hint">
      {described.map((choice) => (
        <li key={choice.value}>
          <strong>{choice.text}</strong>: {choice.description}
        </li>
      ))}
    </ul>
  );
}
