export default function Ignored() {
  return <p>ignored</p>;
}
