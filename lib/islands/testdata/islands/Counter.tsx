import { useState } from "preact/hooks";

export default function Counter(props: { start: number; label: string }) {
  const [count, setCount] = useState(props.start);
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      {props.label}: {count}
    </button>
  );
}
