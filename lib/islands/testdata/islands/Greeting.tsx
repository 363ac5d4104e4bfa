export default function Greeting(props: { name: string; tags?: string[] }) {
  return <p class="greeting">Ciao {props.name}{props.tags ? ` (${props.tags.join(", ")})` : ""}</p>;
}
