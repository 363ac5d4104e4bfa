import Counter from "./Counter.tsx";

// An island that renders another island: only Outer may be marked.
export default function Outer(props: { title: string }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <Counter start={1} label="inner" />
    </section>
  );
}
