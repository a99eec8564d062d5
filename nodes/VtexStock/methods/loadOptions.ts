export { getSalesChannels } from '../../shared/loadOptions';
