// Randomized tests replay from their seed: the same generator as the demo data.
export { seededRandom } from '../../main/services/seededRandom';
