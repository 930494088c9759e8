// bottleneck ships its light build (no Redis datastore, about half the size) as
// `bottleneck/light.js` without a declaration of its own: it is the same class as the full one.
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
