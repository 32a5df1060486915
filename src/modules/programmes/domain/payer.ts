/** Who pays a compensation programme. */
export enum Payer {
  RussianFederation = 'russian_federation',
  CarrierInsurer = 'carrier_insurer',
  AirlineExGratia = 'airline_ex_gratia',
  HostState = 'host_state',
  Other = 'other',
}
